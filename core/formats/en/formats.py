"""English date and time formats, one style for the whole admin (Django's default mixes “Feb. 1, 2022,
midnight” with the “2022-02-01 00:00” of compact columns).

Date and time read in ISO order; a date-time names its time zone, since editors in several zones read
the same times. Public pages spell out their own formats (“1 February 2022”) and are not affected.
"""

DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y-m-d H:i T"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# Typed input formats are Django's English ones (found next, ISO first, which is what the admin's widgets write).
