"""The claims the test provider gives about a user.

Like a real identity provider, it says whether it has verified the user's e-mail address
(``email_verified``) and, in the ID token, how the user signed in (``amr``). The test fixture
decides both through two groups: "email-verified" and "mfa" (the provider asked for a second
factor).
"""

EMAIL_VERIFIED = "email-verified"
MFA = "mfa"


def _in_group(user, name: str) -> bool:
    return user.groups.filter(name=name).exists()


def userinfo(claims: dict, user) -> dict:
    """django-oidc-provider's OIDC_USERINFO hook: the standard claims of `user`."""
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    claims["email_verified"] = _in_group(user, EMAIL_VERIFIED)
    return claims


def id_token(id_token: dict, user, token, request, **kwargs) -> dict:
    """django-oidc-provider's OIDC_IDTOKEN_PROCESSING_HOOK: how the user signed in."""
    id_token["amr"] = ["pwd", "mfa"] if _in_group(user, MFA) else ["pwd"]
    return id_token
