"""Tajik dates: "1 июн 2006", the month in lower case as Tajik writes it mid-sentence
(Django's Tajik formats copy the Russian "г." for the year, which Tajik does not use).
Everything else is Django's."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = "j E Y"
SHORT_DATETIME_FORMAT = "j E Y, H:i"

# Dates are typed as in Tajik: 24.09.2007 (24.09.07 too); ISO dates (2007-09-24) are read
# too. The first is how a date field writes its value and what its hint shows.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
