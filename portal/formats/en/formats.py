"""English date formats of the site (FORMAT_MODULE_PATH): "4 January 2027", as the
Indonesian pages write it, instead of Django's "Jan. 4, 2027" or "01/04/2027",
which a reader outside the US misreads."""

DATE_FORMAT = "j F Y"  # 4 January 2027
DATETIME_FORMAT = "j F Y H:i"  # 4 January 2027 13:05
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"  # 4 Jan 2027
SHORT_DATETIME_FORMAT = "j M Y H:i"
