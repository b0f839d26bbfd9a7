# French formats: « lundi 23 août 2027 », « 12,50 », « 1 234 ».
DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "l j F Y à H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
