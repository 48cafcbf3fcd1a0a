"""Vocabulary and compiled regular expressions for the temporal tagger (see timex.py).

Every pattern is compiled once at import. They avoid nested unbounded quantifiers, so
matching stays linear even on a 1 MB line without sentence breaks. Month and weekday
names are matched case-sensitively (scoped ``(?-i:...)``) so that "may", "march" or
"sun" in running text are not taken for dates; everything else is case-insensitive.
"""

from __future__ import annotations

import re

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "a couple of": 2, "a dozen": 12, "dozen": 12,
}
VAGUE_NUMBERS = ("few", "a few", "several", "many", "some", "a number of", "numerous")
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}
# TIMEX3 duration unit letter and the calendar granularity a unit resolves to.
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W", "month": "M", "year": "Y", "yr": "Y", "decade": "DE", "centur": "CE",
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# Time zones a clock time names, as ISO 8601 offsets (TIMEX3 values carry them: 9:34 p.m.
# EST is T21:34-05). "ET"/"PT" are left out: which offset they mean depends on the season.
ZONES = {
    "GMT": "Z", "UTC": "Z", "EST": "-05", "EDT": "-04", "CST": "-06", "CDT": "-05",
    "MST": "-07", "MDT": "-06", "PST": "-08", "PDT": "-07", "BST": "+01", "CET": "+01",
    "CEST": "+02", "JST": "+09",
}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "noon": "MI",
}

_FULL_MONTH = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_ABBR_MONTH = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
_WEEKDAY = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tues?\.|Wed\.|Thu(?:rs?)?\.|Fri\.|Sat\.|Sun\."
)
_NUM = (
    r"\d{1,3}(?:,\d{3})?(?:\.\d+)?|a\s+couple\s+of|a\s+dozen|a\s+hundred|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|hundred|dozen|single|a|an"
)
_VAGUE = r"a\s+few|few|several|many|some|a\s+number\s+of|numerous"
_UNIT = r"seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|yrs?" \
    r"|decades?|century|centuries"
_APPROX = (
    r"(?:(?:nearly|almost|about|around|roughly|approximately|some|over|more\s+than|less\s+than"
    r"|fewer\s+than|under|just|only|practically|virtually|at\s+least|up\s+to|barely|close\s+to"
    r"|little\s+more\s+than|a\s+little\s+more\s+than|just\s+over|just\s+under)\s+)?"
)
_ORD = (
    r"\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|twenty[-\s]first"
)
_EDGE = r"(?:(?P<edge>early|late|mid|the\s+(?:beginning|start|end|middle|rest|close)\s+of)" \
    r"[\s-]+)?"
_BC = r"(?:\s*(?P<era>BCE|BC|B\.C\.|AD|A\.D\.|CE)\b)"
_DAYPART = r"morning|afternoon|evening|night"

_PARTS = {
    "<MONTH>": f"(?-i:{_FULL_MONTH}|{_ABBR_MONTH})",
    "<FULLMONTH>": f"(?-i:{_FULL_MONTH}|Sept\\.)",
    "<WEEKDAY>": f"(?-i:{_WEEKDAY})",
    "<NUM>": _NUM,
    "<VAGUE>": _VAGUE,
    "<UNIT>": _UNIT,
    "<APPROX>": _APPROX,
    "<ORD>": _ORD,
    "<EDGE>": _EDGE,
    "<YEAR>": r"(?P<y>\d{4}\b|\d{1,3}(?=\s*(?:BCE?|B\.C\.|AD|A\.D\.)))<BC>?",
    "<BC>": _BC,
    "<DAYPART>": _DAYPART,
}


def _rx(template: str) -> re.Pattern[str]:
    for key, part in _PARTS.items():
        template = template.replace(key, part)
    return re.compile(template, re.IGNORECASE)


# Gates: a cheap scan for the word every match of a rule must contain, and how far
# (characters back, forward) a match can reach from it. Rules are then run only inside
# these windows, which keeps tagging fast: most of an article holds no trigger at all.
_UNIT_WORDS = (r"second|minute|hour|day|night|week|fortnight|month|year|yr|decade|centur"
               r"|morning|afternoon|evening")
GATES: dict[str, tuple[re.Pattern[str], bool]] = {
    # name: (pattern, matched against the lower-cased text?) -- literal alternations on
    # lower-cased text are several times faster than re.IGNORECASE.
    "digit": (re.compile(r"\d+"), True),
    "clock": (re.compile(r"\d(?:\s?[ap]\.?m|[:.][0-5]\d)"), True),
    "clock_word": (re.compile(r"noon|midnight"), True),
    "iso": (re.compile(r"\d{4}-[01]\d-"), True),
    "slash": (re.compile(r"\d/\d"), True),
    "range": (re.compile(r"\d{4}[-–]\d\d"), True),
    "era": (re.compile(r"BC|B\.C|AD|A\.D"), False),
    "earlier": (re.compile(r"earlier|later|before|after"), True),
    "ago": (re.compile(r"ago|past|now|hence"), True),
    "month": (re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"), False),
    "weekday": (re.compile(r"Mon|Tue|Wed|Thu|Fri|Sat|Sun"), False),
    "decade": (re.compile(r"0'?s|ties"), True),
    "century": (re.compile(r"century"), True),
    "season": (re.compile(r"spring|summer|autumn|fall|winter"), True),
    "quarter": (re.compile(r"quarter|half"), True),
    "deictic": (re.compile(r"today|yesterday|tomorrow|tonight|day"), True),
    "unit": (re.compile(_UNIT_WORDS), True),
    "set": (re.compile(r"daily|weekly|monthly|annually|nightly|hourly|quarterly"), True),
    "present": (re.compile(r"now|current|nowaday|present|modern|moment|time|these days"), True),
    "past": (re.compile(r"recent|lately|formerly|past"), True),
    "future": (re.compile(r"future|coming|ahead"), True),
    "holiday": (re.compile(r"Christmas|New Year|Boxing|Hallowe|Valentine|Patrick|Fourth"
                           r"|Easter|Good Friday|Thanksgiving|Memorial|Labor|Labour|Election"
                           r"|Veterans|Armistice|Bastille|Black Friday|Cyber Monday"
                           r"|Mother|Father|Luther|Presidents|Columbus"), False),
    "quarter_code": (re.compile(r"[QH][1-4]\b"), False),
    "fiscal": (re.compile(r"fiscal|financial|fy\s?\d"), True),
    "ordinal": (re.compile(r"\d(?:st|nd|rd|th)\b"), True),
}
# The words of each gate that is a plain alternation of words: a paragraph holding none of
# them (a substring test, many times cheaper than a regex scan) has no hit for that gate.
GATE_WORDS: dict[str, tuple[str, ...]] = {
    name: tuple(gate.pattern.split("|")) for name, (gate, _) in GATES.items()
    if re.fullmatch(r"[A-Za-z' ]+(?:\|[A-Za-z' ]+)*", gate.pattern)
}
# Gates every match of which starts with a digit: the tagger scans them from the first
# digit on, and not at all in a paragraph without one (most paragraphs).
DIGIT_LED_GATES = frozenset({"clock", "iso", "slash", "range", "ordinal"})
# Gates whose hits are added to another's: an alternation that mixes \d with words, or
# a long one, loses the regex engine's first-character skip and runs several times slower.
# (A gate must not start with \b either: the engine then tries every position.)
GATE_UNIONS = {"set": ("unit", "weekday"), "clock": ("clock_word",)}
# How far (characters back, forward) a match of each rule can reach from its gate word.
REACH = {
    "iso": (0, 20), "numeric_date": (6, 12), "year_tail": (0, 5), "year": (25, 20),
    "clock": (8, 15), "era_year": (35, 8), "offset": (70, 12), "offset_deictic": (70, 15),
    "weekday": (12, 20), "weekday_plural": (5, 12), "weeks_ago_weekday": (40, 30),
    "quarter": (60, 60), "quarter_code": (0, 15), "ordinal_day": (12, 60),
}
DEFAULT_REACH = (45, 30)

# (rule name, gate name, pattern). Overlaps are settled by the tagger: longest span wins.
RULES: list[tuple[str, str, re.Pattern[str]]] = [
    ("iso", "iso",
     _rx(r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
         r"(?:T(?P<H>[0-2]\d):(?P<M>[0-5]\d))?\b")),
    ("numeric_date", "slash",
     _rx(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4})\b")),
    # "October 16, 2025", "Thursday, Oct. 16", "the night of May 13", "early October 16th",
    # "last Dec. 12"
    ("month_day", "month",
     _rx(r"(?:\b(?P<wd><WEEKDAY>),?\s+)?(?:\bthe\s+(?P<dp><DAYPART>)\s+of\s+)?"
         r"(?:\b(?P<rel>last|next|this)\s+)?\b<EDGE>(?P<mon><MONTH>)(?<=\w|\.)\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
         r"(?!\s*(?:%|,\d|\d|:\d))(?:,?\s+(?P<y>\d{4})\b)?")),
    # "16 October 2025", "the 16th of October", "the night of 3/4 June"
    ("day_month", "month",
     _rx(r"(?:\b(?P<wd><WEEKDAY>),?\s+)?(?:\bthe\s+(?P<dp><DAYPART>)\s+of\s+)?"
         r"(?:\bthe\s+)?\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+"
         r"(?P<mon><MONTH>)(?!\w)(?:,?\s+<YEAR>)?")),
    # "August 2025", "February of 1940", "early October", "last August", "in May"
    ("month", "month",
     _rx(r"\b(?:(?:the\s+(?=previous\b|following\b))?"  # TimeML keeps "the previous April"
         r"(?P<rel>last|this|next|past|coming|previous|following)\s+)?<EDGE>"
         r"(?P<mon><FULLMONTH>|(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
         r"(?=\s*\d))(?!\w)(?:,?\s+(?:of\s+)?<YEAR>)?")),
    ("year", "digit",
     _rx(r"(?<![\w$£€.,/])<EDGE>(?P<y>1\d{3}|20\d{2})(?![\w%/]|[.,]\d|\s*(?:%|per\s*cent"
         r"|percent|km|kilometres|miles|troops|men|soldiers|people|casualties|dead"
         r"|killed|tanks|aircraft|guns|ships|prisoners))(?:<BC>)?")),
    ("era_year", "era",
     _rx(r"\b<EDGE>(?:(?P<y>\d{1,4})\s*(?P<era>BCE|BC|B\.C\.|AD|A\.D\.)(?!\w)"
         r"|(?P<era2>AD|A\.D\.)\s*(?P<y2>\d{1,4})\b)")),
    # second half of a range: "1914-18", "1939–45"
    ("year_tail", "range",
     _rx(r"(?<=\d{4}[-–])(?P<yy>\d{2})\b(?![-/]\d)")),
    ("decade", "decade",
     _rx(r"\b(?:the\s+)?<EDGE>(?:(?P<dig>\d{3})0'?s\b|'(?P<short>\d)0s\b"
         r"|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties"
         r"|nineties)\b)<BC>?")),
    ("century", "century",
     _rx(r"\b(?:the\s+)?<EDGE>(?P<ord><ORD>)[\s-]+century\b<BC>?")),
    ("season", "season",
     _rx(r"\b(?:(?P<rel>this\s+past|this|last|next|past|coming|that|the|early|late|mid|previous"
         r"|following)[\s-]+)?(?P<season>spring|summer|autumn|winter|(?<=\w\s)fall)"
         r"\b(?:\s+(?:of\s+)?(?P<y>\d{4})\b<BC>?)?")),
    # the third quarter of 2025, the fiscal third quarter, the first half (of this year),
    # the fiscal 1990 first quarter, fiscal 1990's first half, the fiscal fourth-quarter
    ("quarter", "quarter",
     _rx(r"\b(?:the\s+)?(?:(?:fiscal|financial)\s+(?:(?P<fy>\d{4})(?:['’]s)?\s+)?)?"
         r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th"
         r"|(?<=the\s)last)[\s-]+(?:fiscal\s+|financial\s+)?(?P<what>quarter|half)"
         r"(?:\s+of\s+(?:(?:fiscal|financial)\s+)?(?:(?P<y>\d{4})\b|(?P<rel>this|last|next"
         r"|the)\s+year\b))?")),
    # Q3, Q3 2025, H1 2024 (business news)
    ("quarter_code", "quarter_code",
     _rx(r"\b(?-i:(?P<what>[QH])(?P<n>[1-4]))(?:\s+(?:of\s+)?(?:FY\s?)?(?P<y>\d{4}))?\b")),
    # fiscal 2025, fiscal year 2024, FY2025, FY 25: a fiscal year is named by the calendar
    # year it ends in; its value is that year (see timex.py for why not TIMEX2's "FY2025")
    ("fiscal_year", "fiscal",
     _rx(r"\b(?:(?:fiscal|financial)\s+(?:year\s+)?(?P<y>\d{4})\b(?:['’]s)?"
         r"|(?-i:FY)\s?(?P<yy>\d{4}|\d{2})\b)")),
    # next fiscal year, the current financial year
    ("relative_fiscal_year", "fiscal",
     _rx(r"\b(?:the\s+)?(?P<rel>this|last|next|past|previous|prior|current|coming"
         r"|following|same|that)\s+(?:fiscal|financial)\s+year\b")),
    # "the talks ended on the 12th": a day of the reference month. Only after a preposition
    # and before a clause boundary, so that "the 12th Army" or "the 3rd and 4th divisions"
    # are not read as days.
    ("ordinal_day", "ordinal",
     _rx(r"(?:(?<=\bon\s)|(?<=\bby\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\btill\s)"
         r"|(?<=\bfrom\s)|(?<=\bbefore\s)|(?<=\bafter\s)|(?<=\band\s)|(?<=\bto\s)"
         r"|(?<=\bthrough\s))the\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
         r"(?=\s*(?:[,.;:)!?]|$)|\s+(?:at|when|after|before|until|to|in\s+(?:the\s+)?"
         r"(?:morning|afternoon|evening))\b|\s+(?:and|or)\b(?!\s+(?:the\s+)?\d))")),
    # "the September quarter" (business news): the quarter that ends in, or holds, that month
    ("month_quarter", "quarter",
     _rx(r"\bthe\s+(?P<mon><FULLMONTH>)[\s-]+quarter\b(?:\s+of\s+<YEAR>)?")),
    # last quarter, this quarter, next quarter (relative to the DCT)
    ("relative_quarter", "quarter",
     _rx(r"\b(?:the\s+)?(?P<rel>this|last|next|past|previous|prior|preceding|current|coming"
         r"|following|same|latest|most\s+recent)\s+quarter\b")),
    # "profit for the quarter": the quarter the report is about (lower-case: "the Latin
    # Quarter" is a place; "the quarter of the draw", "the quarter-final" are no time; in
    # "the quarter ended Sept. 30" the day says which quarter)
    ("the_quarter", "quarter",
     _rx(r"\bthe\s+(?-i:quarter)\b(?![-’']|\s+(?:of|century|mile|final|finals|point"
         r"|percentage|pounder|end(?:ed|ing)|to|through|that\s+end(?:ed|s))\b)")),
    # the year-ago quarter, the year-earlier period: the same period a year before the one
    # the text is reporting on
    ("year_ago_period", "unit",
     _rx(r"\bthe\s+(?:year|12[\s-]months?)[\s-](?:ago|earlier|before)\s+"
         r"(?P<what>quarter|half|period|month)\b")),
    # the same period last year, the same half a year earlier: the period the report is
    # about, a year back (as "the year-ago period")
    ("same_period", "unit",
     _rx(r"\bthe\s+same\s+(?P<what>quarter|half|period|month)\s+(?:(?:of\s+)?last\s+year"
         r"|a\s+year\s+(?:ago|earlier|before)|(?:of\s+)?the\s+(?:previous|prior)\s+year)\b")),
    # "profit for the year": the year the text is about (not "player of the year", "the
    # year's", "the year to March", "the year 2000", "the year-ago quarter")
    ("the_year", "unit",
     _rx(r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bduring\s)|(?<=\bthroughout\s)|(?<=\bover\s))"
         r"the\s+(?-i:year)\b(?![-’']|\s+to\s+(?:date\b|\d|(?-i:[A-Z]))|\s+(?:of|ended|ending"
         r"|ends|beginning|starting|ahead|before|after|since"
         r"|when|that|in\s+which)\b|\s+\d)")),
    # this time last year: the same day a year before (or after)
    ("this_time", "present",
     _rx(r"\b(?:this|that)\s+time\s+(?P<rel>last|next)\s+year\b")),
    # two weeks ago Friday: that weekday in the week N weeks back
    ("weeks_ago_weekday", "ago",
     _rx(r"\b(?P<n><NUM>)\s+weeks?\s+ago\s+(?:on\s+|this\s+past\s+)?(?P<wd><WEEKDAY>)(?!\w)")),
    # today, yesterday, tonight, this morning, the day before yesterday
    ("deictic_day", "deictic",
     _rx(r"\b(?:(?:early|late|earlier|later)\s+(?=(?:yesterday|tomorrow|this|last)\s"
         r"+(?:<DAYPART>)\b))?(?P<pre>yesterday|tomorrow|this|last)\s+(?P<dp><DAYPART>)\b"
         r"|\bthe\s+day\s+(?P<ba>before\s+yesterday|after\s+tomorrow)\b"
         r"|\b(?:(?:early|late|earlier|later)\s+(?=today|yesterday|tomorrow|tonight))?"
         r"(?P<word>today|yesterday|tomorrow|tonight)\b")),
    # this week, last year, earlier this month, next weekend, the following day, that year
    ("relative_unit", "unit",
     _rx(r"\b(?:(?P<when>earlier|later|early|late)\s+)?(?:the\s+)?"
         r"(?P<rel>this\s+past|this|last|next|past|coming|previous|preceding|prior"
         r"|following|same|that|current|subsequent|(?<!the\s)final)\s+"
         r"(?P<unit>weekend|week|month|year|yr|decade|century|day|morning"
         r"|afternoon|evening|night)\b(?!-)")),
    # "over the weekend", "at the weekend": the weekend the clause's tense points to
    ("the_weekend", "unit",
     _rx(r"(?:(?<=\bover\s)|(?<=\bat\s)|(?<=\bduring\s)|(?<=\bthrough\s)|(?<=\bon\s)"
         r"|(?<=\bthroughout\s))the\s+weekend\b(?!\s+of\b)|\bthe\s+weekend(?=['’]s\b)")),
    # the end of the year, later in the month, early in the week, the end of next year
    # (TimeML: one expression, the part a modifier, the value the period's)
    ("within_unit", "unit",
     _rx(r"\b(?:the\s+(?:end|beginning|start|middle|rest|close)\s+of|(?:later|late|early"
         r"|earlier)\s+in)\s+(?:the|(?P<rel>this|next|last|past|coming|previous|following"
         r"|current))\s+(?P<unit>week|month|year|decade|century)\b(?!-)")),
    # year-end, by month-end, last year-end: that year (month)
    ("unit_end", "unit",
     _rx(r"\b(?:(?P<rel>this|last|next)\s+)?(?P<unit>year|month)[\s-]end\b(?!-)")),
    # Christmas, Easter Sunday, Thanksgiving, Labor Day 2012 (also inside a name, "the
    # Christmas Offensive", as WikiWars' annotators tag it)
    ("holiday", "holiday",
     _rx(r"\b(?:(?P<rel>last|next|this|past|coming)\s+)?"
         r"(?P<name>(?-i:Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s\s+(?:Eve|Day)"
         r"|Boxing\s+Day|Hallowe['’]?en|(?:St\.?\s+|Saint\s+)?Valentine['’]s\s+Day"
         r"|St\.?\s+Patrick['’]s\s+Day|(?:the\s+)?Fourth\s+of\s+July|July\s+Fourth"
         r"|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Thanksgiving(?:\s+Day)?"
         r"|Memorial\s+Day|Labou?r\s+Day|Election\s+Day|Veterans['’]?\s+Day"
         r"|Armistice\s+Day|Bastille\s+Day|Black\s+Friday|Cyber\s+Monday"
         r"|Mother['’]s\s+Day|Father['’]s\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day"
         r"|Presidents['’]?\s+Day|Columbus\s+Day)\b)"
         r"(?:,?\s+(?:of\s+)?(?P<y>\d{4})\b)?")),
    ("unit_before_after", "unit",
     _rx(r"\bthe\s+(?P<unit>day|week|month|year|night)\s+(?P<ba>before"
         r"|after)(?=\s*[,.;:)])")),
    # four years ago, two days later, practically 4 years in the past
    ("offset", "earlier",
     _rx(r"\b<APPROX>(?:(?P<n><NUM>)|(?P<vague><VAGUE>))?\s*(?P<unit><UNIT>)\s+"
         r"(?:and\s+a\s+half\s+)?(?P<dir>earlier|later"
         r"|(?:before|after)(?=\s*[,.;:)]))\b")),
    ("offset_deictic", "ago",
     _rx(r"\b<APPROX>(?:(?P<n><NUM>)|(?P<vague><VAGUE>))?\s*(?P<unit><UNIT>)"
         r"\s+(?:and\s+a\s+half\s+)?(?P<dir>ago|in\s+the\s+past|from\s+now"
         r"|hence)\b")),
    # four years, three-month, the next two weeks, 18 years old, two and a half years
    ("duration", "unit",
     _rx(r"\b(?:(?:the\s+)?(?:past|last|next|first|previous|coming|following|final"
         r"|same)\s+)?<APPROX>(?:(?P<n><NUM>)(?P<half>\s+and\s+a\s+half)?"
         r"|(?P<vague><VAGUE>))[\s-]+(?:(?:straight|consecutive|successive|trading|business"
         r"|working)\s+)?(?P<unit><UNIT>)\b(?:[\s-]+(?:long|old))?")),
    # two quarters, the past three quarters (business news; P2Q). Not a fraction: "a quarter
    # of", "three quarters of the vote", "three-quarters".
    ("duration_quarters", "quarter",
     _rx(r"\b(?:(?:the\s+)?(?:past|last|next|first|previous|coming|following)\s+)?"
         r"(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
         r"\s+(?:(?:straight|consecutive|successive)\s+)?quarters\b(?!\s+of\b|-)")),
    ("duration_bare", "unit",
     _rx(r"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bwithin\sthe\s)|(?<=\bin\s))"
         r"(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries)\b(?!\s+(?:of|to|past|ago"
         r"|later|earlier|before|after)\b)")),
    # the following days, the intervening years, the final weeks of the war: an unstated
    # number of units (TIDES/TimeML fuzzy duration PXD, PXY), like "for days"
    ("duration_vague_span", "unit",
     _rx(r"\bthe\s+(?:following|succeeding|ensuing|intervening|preceding|previous|early"
         r"|final|closing|last|first)\s+(?P<unit>days|weeks|months|years|decades)\b"
         r"(?![-’']|\s+(?:ago|later|earlier|before|after)\b)")),
    ("duration_half", "unit",
     _rx(r"\b(?:half\s+an?\s+(?P<unit>hour|day|year|century)|a\s+half[\s-]"
         r"(?P<unit2>century|hour))\b")),
    ("duration_long", "unit",
     _rx(r"\b(?P<unit>day|week|month|year)-long\b")),
    # every week, weekly, twice a day, each Monday, on Mondays
    ("set", "set",
     _rx(r"\b(?:(?:every|each)\s+(?P<other>other\s+)?(?P<unit>day|week|month|year"
         r"|morning|afternoon|evening|night|<WEEKDAY>|weekend)"
         r"|(?P<adv>daily|weekly|monthly|quarterly|annually|yearly|nightly|hourly|fortnightly"
         r"|semi-?annually|biannually)"
         r"|(?:(?:once|twice|\w+\s+times)\s+)(?:a|an|per|each)\s+(?P<unit2>day|week"
         r"|month|year|hour)|per\s+(?P<unit3>day|week|month|year|hour))\b")),
    # every two weeks, every few years: a set whose period is the count of units
    ("set_every_n", "unit",
     _rx(r"\b(?:every|each)\s+(?:(?P<n><NUM>)|(?P<vague>few|several|couple\s+of))[\s-]+"
         r"(?P<unit>days|weeks|months|years|hours|minutes|decades)\b")),
    ("weekday_plural", "weekday",
     _rx(r"(?<=\bon\s)(?P<wd>(?-i:Mondays|Tuesdays|Wednesdays|Thursdays"
         r"|Fridays|Saturdays|Sundays))\b")),
    ("weekday", "weekday",
     _rx(r"\b(?:(?P<edge>early|late)\s+)?(?:(?P<rel>last|next|this\s+past|this|past|coming)\s+)?"
         r"(?P<wd><WEEKDAY>)(?!\w)"
         r"(?:\s+(?P<dp><DAYPART>)\b)?")),
    ("clock", "clock",
     _rx(r"(?:\b(?P<H>[01]?\d|2[0-3])(?:[:.](?P<M>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am"
         r"|pm)(?!\w)|(?<![\d:.])(?P<H2>[01]?\d|2[0-3]):(?P<M2>[0-5]\d)(?:\s*(?:hrs?|hours))?"
         r"(?![\d:]|[.,]\d)|\b(?P<word>noon|midnight)\b)(?:\s*(?P<zone>(?-i:" + "|".join(ZONES)
         + r"))\b)?")),
    ("that_daypart", "unit",
     _rx(r"\b(?:that|the\s+same|the\s+following|the\s+next|the\s+previous)\s+"
         r"(?P<dp><DAYPART>)\b")),
    ("present", "present",
     _rx(r"\b(?:right\s+now|now|currently|nowadays|presently|at\s+present|(?<=\bat\s)"
         r"the\s+moment|the\s+present(?:[\s-]day)?|present[\s-]day|modern[\s-]day"
         r"|the\s+time\s+being|(?<!\bof\s)these\s+days"
         # "the current crisis": the adjective on its own is the present (not the terms of
         # accounting, where it means short-term)
         r"|current(?=\s+[a-z])(?!\s+(?:accounts?|assets|liabilities|affairs)\b))\b(?!-)")),
    ("past_ref", "past",
     _rx(r"\b(?:recently|lately|formerly|(?:the\s+)?recent\s+(?:days|weeks|months"
         r"|years|decades|past)|recent(?=\s+[a-z])|the\s+past(?!\s+(?:\d|few|several|many|two|three"
         r"|four|five|six|seven|eight|nine|ten|decade|year|month|week|day|century)))"
         r"\b")),
    ("future_ref", "future",
     _rx(r"\b(?:the\s+(?:near\s+|distant\s+)?future|(?:the\s+)?coming\s+(?:days|weeks"
         r"|months|years|decades)|(?:the\s+)?days\s+ahead)\b")),
]

# Verbs whose past tense is their bare form ("the company cut jobs in March"): a past cue
# unless a modal, "to" or "did" before them makes them an infinitive ("will cut", "plans to
# cut"), a determiner, a hyphen or a following "of" a noun ("a cut of", "cut-off", "the
# cost of"). "set" and "let" are left out: "set to" is a future cue, "let" mostly an
# imperative; "hit" too, a noun as often as a verb in news ("the horror hit Boogeyman").
_BARE_PAST = (
    r"(?<!\bto\s)(?<!will\s)(?<!would\s)(?<!could\s)(?<!should\s)(?<!\bcan\s)(?<!\bmay\s)"
    r"(?<!might\s)(?<!must\s)(?<!n't\s)(?<!\bdid\s)(?<!does\s)(?<!\bnot\s)(?<!\bdo\s)"
    r"(?<!\ba\s)(?<!\ban\s)(?<!the\s)(?<!its\s)(?<!\bhis\s)(?<!\bher\s)(?<!their\s)(?<!-)"
    r"(?:cut|put|shut|quit|spread|cost|hurt|bid|split|upset|slid|shrank)(?!-|\s+of\b)"
)
# The scheduled present: a verb of an event's start, end or taking place in the present
# simple tells a timetabled event ahead ("the trial begins Monday", "new rules take effect
# Friday", "he takes office in January"). Only forms that are verbs in news (not "returns",
# "a good start", "open to"), lower-case (not a title: "Meet the Fockers"); not an
# infinitive or a negated past ("did not begin").
_SCHEDULED_PRESENT = (
    r"(?<!\bto\s)(?<!\bdid\s)(?<!n't\s)(?<!\bnot\s)(?<!\bthe\s)(?<!\ba\s)"
    r"(?-i:(?:begin|resume|reopen|convene|kick\s+off|meet)s?"
    r"|kicks\s+off|(?:open|close|end|start)s|takes?\s+(?:effect|place|office))"
)
# The futurate present (the present simple or progressive of an event that can be
# arranged, with a time adverbial: "he faces trial Monday", "the minister travels to Brussels
# on Tuesday", "polls close on Tuesday", "he is flying to Paris on Friday") tells an
# arrangement ahead: English tells a past event in the past tense, so a present verb of an
# appointment with a day on it is one to come. HeidelTime reads any present tense verb so
# (PRESENTFUTURE); without a part-of-speech tagger only these verbs are taken, in verb-only
# forms: "-s" forms after no word that makes them a plural noun ("his visits", "after
# talks and votes"), bare forms after a plural subject ("polls close", "they vote"), and
# "-ing" forms after a present "is"/"are". Lower-case only, so a title or a sentence
# opening ("Visits on Monday ...") is no verb.
_FUTURATE_ING = (
    r"(?:facing|appearing|travell?ing|visiting|flying|heading|leaving|arriving|departing"
    r"|hosting|playing|voting|going|sitting|hearing|launching|releasing|unveiling"
    r"|publishing|debating|meeting)"
)
# "-s" forms that are verbs only, and those that are also plural nouns ("big releases",
# "postal votes", "a few heads"): the latter are read as verbs only after a subject that
# cannot be an adjective (see timex._futurate_subject).
_FUTURATE_S = (
    r"(?:appears|travels|goes|arrives|departs|unveils|publishes|expires|hears)"
)
_FUTURATE_S_OR_NOUN = (
    r"(?P<sn>faces|visits|flies|heads|leaves|hosts|plays|votes|sits|launches|releases"
    r"|debates)"
)
_FUTURATE_BARE = (
    r"(?:face|appear|travel|visit|fly|head|leave|arrive|depart|host|play|vote|go|sit|end"
    r"|start|(?:open|close)(?!\s+to\b))"
)
_NOT_A_SUBJECT = (
    r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bhis\s)(?<!\bher\s)(?<!\bits\s)(?<!their\s)"
    r"(?<!\bour\s)(?<!\bof\s)(?<!\bin\s)(?<!\bon\s)(?<!\bby\s)(?<!\bfor\s)(?<!\band\s)"
    r"(?<!\bor\s)(?<!with\s)(?<!from\s)(?<!after\s)(?<!before\s)(?<!\bto\s)(?<!\bdid\s)"
    r"(?<!n't\s)(?<!\bnot\s)(?<!-)(?<!\d\s)"
)
_FUTURATE_PRESENT = (
    r"(?-i:" + _NOT_A_SUBJECT + r"(?:" + _FUTURATE_S + r"|" + _FUTURATE_S_OR_NOUN + r")"
    r"(?!\s+of\b|-)"
    r"|(?:(?<=[a-z]s\s)|(?<=they\s)|(?<=\bwe\s))" + _FUTURATE_BARE + r"(?!\s+(?:up|of)\b|-)"
    r"|(?:(?<=\bis\s)|(?<=\bare\s))" + _FUTURATE_ING + r"(?!\s+of\b))"
)
# Tense cues for the direction of a weekday or a bare month in news. Future cues come first
# in the alternation so that "scheduled"/"expected" win over the generic past "-ed" ending.
TENSE_CUE = re.compile(
    # a future passive ("will be held", "is to be opened", "expected to be signed") is one
    # cue: its participle is no past tense
    r"\b(?:(?P<fut>(?:will|won't|shall|would|\w+'ll|(?:is|are)\s+to|(?:expected|scheduled"
    r"|set|due|planned|going)\s+to)\s+(?:not\s+)?(?:also\s+)?be\s+[a-z]\w*"
    r"|will|won't|shall|\w+'ll|scheduled|schedule|plans?|planning|planned\s+to"
    r"|expected|expects?|intends?|due|upcoming|set\s+to|going\s+to|would"
    r"|next|ahead\s+of|hopes?\s+to|aims?\s+to|is\s+to|are\s+to|later\s+this|this\s+coming"
    r"|slated|poised\s+to|pencill?ed\s+in|(?:is|are)\s+likely(?!\s+to\s+have)"
    r"|" + _SCHEDULED_PRESENT + r"|(?P<futurate>" + _FUTURATE_PRESENT + r"))"
    r"|(?P<past>said|told|met|was|were|had|did|went|came|took|made|spoke|wrote|gave|began"
    r"|saw|held|left|fell|rose|grew|lost|won|sold|bought|paid|fought|became|ran|struck|sank"
    r"|sought|brought|kept|led|spent|sent|built|stood|fled|flew|drove|chose|knew"
    r"|ago|last|earlier|previously|" + _BARE_PAST + r"|(?!(?:need|indeed|speed|proceed|exceed"
    r"|succeed|feed|seed|bred|hundred|red|bed)\b)[a-z]\w+ed))\b",
    re.IGNORECASE,
)
# Words of a match report (a score, a goal, a match official): a half or quarter named
# near them without a year is a period of play ("scored in the first half"), not of the
# calendar. The words are a match's own: "goal" only as a goal scored ("a late goal"), not
# a company's "goals".
MATCH_REPORT = re.compile(
    r"\b(?:scor(?:ed|ing|er)|(?:late|early|winning|own|opening|first|second|third|half"
    r"|away|home|disallowed)[\s-]+goal\b|equalis(?:ed?|er|ing)|equaliz(?:ed?|er|ing)|penalty"
    r"|penalties|half-time|half\s+time|kick-off|full-time|referee|striker"
    r"|goalkeeper|touchdowns?|innings)\b"
    r"|(?<![\d.,$£€])\d{1,2}-\d{1,2}(?![\d-]|\s*(?:%|per\s*cent|percent))",
    re.IGNORECASE)
# A full stop inside a number ("$805.9m") ends no sentence.
SENTENCE_BREAK = re.compile(r"[!?;\n]|\.(?!\d)")
