"""ISO 4217 currencies in which the office's donors pledge.

Pre-euro codes are kept because pledges from 2000–2001 were made in them.
"""

CURRENCIES = {
    "USD": "US dollar",
    "EUR": "Euro",
    "GBP": "Pound sterling",
    "CHF": "Swiss franc",
    "JPY": "Yen",
    "NOK": "Norwegian krone",
    "SEK": "Swedish krona",
    "DKK": "Danish krone",
    "ISK": "Iceland krona",
    "CAD": "Canadian dollar",
    "AUD": "Australian dollar",
    "NZD": "New Zealand dollar",
    "CNY": "Yuan renminbi",
    "KRW": "Won",
    "INR": "Indian rupee",
    "TRY": "Turkish lira",
    "RUB": "Russian ruble",
    "KZT": "Tenge",
    "KGS": "Som",
    "UZS": "Uzbekistan sum",
    "TJS": "Somoni",
    "AFN": "Afghani",
    "IRR": "Iranian rial",
    "SAR": "Saudi riyal",
    "AED": "UAE dirham",
    "KWD": "Kuwaiti dinar",
    "QAR": "Qatari rial",
    "PLN": "Zloty",
    "CZK": "Czech koruna",
    "HUF": "Forint",
    "XDR": "SDR (Special Drawing Right)",
    "DEM": "Deutsche mark (until 2001)",
    "FRF": "French franc (until 2001)",
    "NLG": "Netherlands guilder (until 2001)",
    "FIM": "Markka (until 2001)",
    "ATS": "Austrian schilling (until 2001)",
    "BEF": "Belgian franc (until 2001)",
    "ITL": "Italian lira (until 2001)",
    "ESP": "Spanish peseta (until 2001)",
}

CURRENCY_CHOICES = [(code, f"{code} – {name}") for code, name in CURRENCIES.items()]
