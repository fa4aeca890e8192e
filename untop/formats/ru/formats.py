"""Russian dates with the month in the genitive, as Russian is written: "1 июня 2006 г." in
full, "1 июня 2006" in lists and tables (Django's own short format is "01.06.2006", which the
office's pages do not use beside the English "1 Jun 2006"). Everything else is Django's."""

DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г., H:i"
SHORT_DATE_FORMAT = "j E Y"
SHORT_DATETIME_FORMAT = "j E Y, H:i"

# Dates are typed as in Russian: 24.09.2007 (24.09.07 too); ISO dates (2007-09-24) are read
# too. The first is how a date field writes its value and what its hint shows.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
