"""Word lists that separate author names from capitalised prose in author-date text.

Kept apart from the scanner so the lists can grow without touching the regexes. All
entries are lower case; callers compare ``word.casefold()`` (after dropping a final
full stop).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that are never an author when followed by a year: figure and table
# labels, months, seasons, units of publication. A candidate whose first name starts
# with one of these is dropped outright, parenthetical or narrative. Only the first
# author is checked: "(Horne and Page, 2008)" is a citation.
STOPWORDS = _words(
    """
    figure figures fig figs table tables tab section sections sect sec chapter chapters
    chap ch appendix appendices eq eqs equation equations panel panels supplementary
    supplemental suppl supplement movie video dataset file files source part parts
    pages step steps note notes line lines example examples exhibit map maps plate plates
    scheme algorithm lemma theorem proposition corollary definition remark footnote
    january february april july september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    spring autumn monday tuesday wednesday thursday friday saturday
    sunday version versions vol vols volume volumes no nos number issue edition ed eds
    release windows model phase wave round year years fy ad bc bce ce ca circa c
    usd eur gbp jpy us usa uk gdp cpi covid revised updated accessed retrieved published
    copyright est estimated census vintage cohort term session week days month months
    """
)

# Stop-words that are also real surnames (May, March, Page, Day, Winter). Alone, they
# make a candidate tentative instead of dropping it: "(May 2019)" is a date unless the
# reference list has an author May.
SOFT_STOPWORDS = _words("may march june august page day box summer winter fall")

# Capitalised function words that may open a sentence or a parenthesis just before a
# name ("As Smith (2019) argued", "(See Smith 2019)"). They are stripped from the front
# of a candidate name; a candidate made only of them is dropped.
LEADING_WORDS = _words(
    """
    a an the this that these those such as in on at by for from with to of and or but
    nor yet so see cf also both while whereas although though however moreover
    furthermore thus hence therefore indeed similarly likewise conversely recently
    previously earlier later following according contrary unlike like whilst since
    until after before during when where if because per via e.g i.e viz eg ie here there
    then still even only just first second third finally notably importantly
    interestingly specifically particularly especially our their his her its my your we
    they he she it i you all some many most several other others each every no
    """
)

# Prepositions that open an adverbial phrase closed by a comma: "In Russia, Smith and
# Jones (2019)" — the capitalised words before the comma are a place, not an author.
# ("As Brown, Green and White (2018)" is a list of authors: "as" is not one of these.)
ADVERBIAL_STARTS = _words(
    """
    in on at by for from with within across among during after before since until
    unlike like throughout despite under over beyond outside inside around near
    """
)

# Determiners: a narrative candidate right after one of these ("the Founding Act
# (1997)") names a thing, not a person, unless the reference list says otherwise.
DETERMINERS = _words(
    "the a an this that these those its their his her our my your each every such no"
)

# Common English nouns and adjectives that start sentences and can sit before a
# parenthesised year ("Research (2019) shows"). Surnames that are also common words
# (Brown, Young, White, Long) are deliberately absent: they are far more often authors.
COMMON_WORDS = _words(
    """
    research data evidence studies study work works analysis analyses report reports
    theory theories results result findings survey surveys review reviews literature
    scholarship history policy policies law laws treaty agreement act acts summit
    conference declaration charter strategy doctrine concept program programme project
    initiative plan reform reforms war wars crisis revolution election elections census
    government parliament congress council committee commission court union alliance
    organization organisation agency ministry department office bank fund group
    university institute centre center association society council
    model models method methods approach framework experiment experiments trial trials
    today recently currently later earlier previously since now then overall together
    president minister chairman director leader king queen emperor pope
    north south east west western eastern northern southern central
    """
)

# Trailing phrases that stand for "et al." in narrative citations ("Smith and
# colleagues (2019)"). They make the candidate tentative: the phrase is not a name list.
COLLEAGUE_WORDS = (
    "colleagues",
    "co-workers",
    "coworkers",
    "collaborators",
    "associates",
    "coauthors",
    "co-authors",
    "others",
)

# Journals cited inside the bracket between the names and the year ("(Smith et al.,
# Nature 2008)"): one-word titles that carry no abbreviation point to show they are a
# source. Longer titles are recognised by their points ("J. Biol. Chem.").
JOURNAL_WORDS = _words(
    """
    nature science cell lancet bmj jama nejm pnas elife neuron immunity genetics
    development blood circulation gastroenterology hepatology brain gut plos
    biometrika econometrica evolution ecology oncogene radiology pediatrics
    """
)

# Places, which precede a year in prose without being authors ("in England (2009)",
# "(Paris, 2019)"): countries, continents, large regions. A candidate named only by one
# is kept when the reference list has an author of that name (England, Jordan, Wales).
PLACES = frozenset(
    """
    africa america americas antarctica asia australia europe oceania eurasia arctic
    scandinavia balkans caribbean mediterranean
    afghanistan albania algeria andorra angola argentina armenia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia
    bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chad chile
    china colombia comoros congo croatia cuba cyprus czechia denmark djibouti dominica
    ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia
    georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary
    iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
    kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho
    liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives
    mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro
    morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria
    norway oman pakistan palau palestine panama paraguay peru philippines poland
    portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore
    slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan
    tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda
    ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe
    england scotland wales britain
    alabama alaska arizona arkansas california colorado connecticut delaware florida
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio
    oklahoma oregon pennsylvania tennessee texas utah vermont virginia wisconsin wyoming
    bavaria catalonia quebec ontario siberia tibet
    london paris berlin rome madrid vienna moscow beijing tokyo delhi cairo athens
    amsterdam brussels geneva stockholm oslo copenhagen helsinki dublin lisbon prague
    warsaw budapest istanbul shanghai sydney melbourne toronto chicago boston
    """.split()
) | frozenset(
    (
        "united states",
        "united kingdom",
        "new zealand",
        "south africa",
        "south korea",
        "north korea",
        "sri lanka",
        "saudi arabia",
        "new york",
        "new jersey",
        "new mexico",
        "north carolina",
        "south carolina",
        "latin america",
        "north america",
        "south america",
        "hong kong",
        "los angeles",
        "san francisco",
        "costa rica",
        "puerto rico",
        "el salvador",
        "west virginia",
        "rhode island",
    )
)

# Products and software that are written with a version or a year ("Stata 2019",
# "Office 2016", "Python 2020"): kept only when the reference list names them.
PRODUCT_WORDS = _words(
    """
    office excel word powerpoint outlook access python matlab stata spss sas excel
    java javascript linux ubuntu debian android ios macos unix illumina hiseq miseq
    novaseq nextseq agilent bioanalyzer thermo zeiss nikon leica olympus
    iso din ieee iec astm ansi bs en nist horizon
    """
)
