"""English dates as the office writes them, "24 May 2007" (the portal's pages and reports
write "j F Y" too); the back office shows dates in this format. Everything else is Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
