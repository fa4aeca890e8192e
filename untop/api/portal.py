"""What the API adds to the portal (untop.registry): its tokens in the audit trail, made and
revoked by their owners (never their digest or the first characters of the token)."""

from untop.audit.registry import register_audited

from .models import ApiToken

register_audited(ApiToken, exclude_fields=("digest", "token_key", "last_used"))
