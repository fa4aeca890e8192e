"""English dates as the office writes them: "24 September 2007" in full, "24 Sep 2007" in
lists and tables; the back office shows dates in these formats. Everything else is Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"

# Dates are typed day first, as the office writes them (never the American month first):
# 24/09/2007, 24.09.2007, or as shown, 24 Sep 2007. ISO dates (2007-09-24) are read too.
# The first is how a date field writes its value and what its hint shows (untop/widgets.py).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d"]
