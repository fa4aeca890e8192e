"""E-mail notifications: the kinds the apps declare, each user's choice of them, and the
sending every kind shares (the recipient's language, plain text and HTML, absolute links)."""
