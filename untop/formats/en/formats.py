"""English dates as the office writes them: "24 September 2007" in full, "24 Sep 2007" in
lists and tables; the back office shows dates in these formats. Everything else is Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
