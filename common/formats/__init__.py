"""Date, time and number formats of the site's languages (FORMAT_MODULE_PATH, issue 25).

Only English is overridden: Django's "en" formats are those of the United States (month
first, 12-hour clock), while the English-speaking member of the coalition, Belize, writes
day/month/year and the coalition works with a 24-hour clock. Spanish keeps Django's "es".
"""
