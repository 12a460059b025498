"""Indonesian date formats of the site (FORMAT_MODULE_PATH), in place of Django's.

People read "4 Januari 2027" and "4 Januari 2027 13.05" (WIB, the site's zone),
never "4 Jan. 2027" or "04-01-2027". Only what differs from Django's `id` locale is
here; numbers keep Django's (a comma before decimals).
"""

DATE_FORMAT = "j F Y"  # 4 Januari 2027
DATETIME_FORMAT = "j F Y H.i"  # 4 Januari 2027 13.05
TIME_FORMAT = "H.i"  # 13.05
# Short forms (tables, the admin's lists) stay words too: 4 Jan 2027.
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H.i"
# The first input format is how a form writes a date back into its field: a browser's
# <input type="date"> only takes ISO. Typed Indonesian forms are still read.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2027-01-04'
    "%d-%m-%Y",  # '04-01-2027'
    "%d/%m/%Y",  # '04/01/2027'
    "%d %b %Y",  # '4 Jan 2027'
    "%d %B %Y",  # '4 January 2027'
]
