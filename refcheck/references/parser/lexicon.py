"""Word lists the labeller's features consult (compared in lower case, full stop cut).

Each list names a class of word that marks a field whatever the style: months and
seasons (dates), given names (authors and editors), journal words and their usual
abbreviations (containers), publisher words and names (publishers), places
(locations), and the small function words that styles print around fields ("eds",
"pp", "vol", "no", "in", "edited by", "et al."). The lists are deliberately
general — what any reader of references knows — and not drawn from the evaluation
data; the model learns the rest from its training strings.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april "
    "june july august september october november december spring summer fall autumn "
    "winter janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre januar februar märz juni juli oktober dezember enero febrero marzo abril "
    "mayo junio julio agosto septiembre octubre noviembre diciembre"
)

GIVEN_NAMES = _words(
    "aaron abigail adam adrian ahmed alan albert alberto alejandro aleksandr alexander "
    "alexandra alexandre alfred ali alice alison amanda amy ana anders andrea andreas "
    "andrew andrés angela angelo ann anna anne annie anthony antoine antonio arthur "
    "barbara barry ben benjamin bernard bernhard beth betty bill bob boris brian bruce "
    "bruno carl carla carlo carlos carol caroline catherine charles charlotte chen chris "
    "christian christina christine christopher claire claude claudia colin daniel daniela "
    "david deborah dennis diana diane dieter dmitri dominique donald dorothy douglas "
    "edward elena elisabeth elizabeth ellen emily emma enrique eric erik ernst eva "
    "evelyn fernando florian frances francesco francis francisco frank franz fred "
    "frederick friedrich gabriel gabriele gary george georg gerald gerard gerhard giorgio "
    "giovanni giuseppe gordon grace graham gregory günter hans harald harold harry heinz "
    "helen helena helmut henri henry herbert hermann hiroshi howard hugh hugo ian igor "
    "ingrid irene isabel ivan jack jacob jacques james jan jane janet jason javier jean "
    "jeffrey jennifer jens jeremy jessica jim joan joe johan johann johannes john jonathan "
    "jorge josé joseph josef juan judith julia julian julie jürgen karen karin karl kate "
    "katherine kathleen keith kenneth kevin klaus kurt larry laura laurent lawrence lee "
    "leo leonard linda lisa lorenzo louis louise lucas lucia luis luigi lynn manfred "
    "manuel marc marco margaret maria marie mario mark martha martin mary matthew "
    "matthias maurice max michael michel michelle miguel mikhail mohamed mohammed nancy "
    "nathan neil nicholas nicola nicolas nikolai norman oliver olivier oscar otto pablo "
    "pamela paolo patricia patrick paul paula pedro peter philip philippe pierre rachel "
    "rafael ralph raymond rebecca reinhard renate richard robert roberto roger roland "
    "ronald rosa ruth ryan sam samuel sandra sara sarah scott sean sebastian sergei "
    "sergio sharon simon sophie stefan stephan stephanie stephen steven susan susanne "
    "suzanne takashi teresa thomas timothy tom uwe valerie victor vincent virginia "
    "walter werner william wolfgang xavier yang yuri zhang"
)

# Journal words and the abbreviations ISO 4 and the physics/biomedical styles print.
JOURNAL_WORDS = _words(
    "journal j jour review rev reviews quarterly magazine bulletin bull letters lett "
    "transactions trans annals ann archives arch acta proceedings proc research res "
    "science sci nature studies stud chemistry chem physics phys physical biology biol "
    "medicine med medical clinical clin american am international int intl european eur "
    "british br national natl society soc american academy acad applied appl journal "
    "mathematics math mathematical theoretical theor experimental exp economics econ "
    "economic psychology psychol sociology sociol political polit history hist "
    "philosophy philos engineering eng computing comput computer systems syst "
    "communications commun mechanics mech optics opt astrophysical astrophys astronomy "
    "astron geophysical geophys neuroscience neurosci cell molecular mol genetics genet "
    "ecology ecol evolution evol quarterly q reports rep gazette zeitschrift zeitschr z "
    "revue rivista archiv cahiers anthropology anthropol education educ management "
    "manag law legal affairs policy"
)

PUBLISHER_WORDS = _words(
    "press verlag books publishers publishing publications publication editions éditions "
    "editora editorial wiley springer elsevier sage routledge macmillan palgrave blackwell "
    "penguin norton knopf polity verso brill pearson mcgraw-hill mcgraw addison-wesley "
    "addison prentice harper harpercollins longman academic gallimard seuil suhrkamp "
    "taylor francis bloomsbury vintage doubleday scribner praeger rowman ashgate "
    "continuum hachette kluwer pergamon plenum erlbaum guilford jossey-bass "
    "north-holland birkhäuser dekker karger thieme lippincott saunders mosby heinemann "
    "cengage wadsworth methuen earthscan butterworth kaufmann morgan crc ieee acm siam "
    "ams oup cup mit inc ltd gmbh co company group"
)

PLACES = _words(
    "london new york paris berlin oxford cambridge boston chicago amsterdam tokyo "
    "princeton washington philadelphia toronto montreal sydney melbourne madrid barcelona "
    "rome milan milano roma vienna wien munich münchen frankfurt hamburg leipzig stuttgart "
    "heidelberg göttingen zurich zürich geneva basel leiden utrecht brussels copenhagen "
    "stockholm oslo helsinki moscow beijing shanghai singapore delhi mumbai cairo "
    "jerusalem tel aviv mexico buenos aires santiago lisbon lisboa dublin edinburgh "
    "glasgow manchester bristol abingdon basingstoke chichester hoboken thousand oaks "
    "newbury park beverly hills los angeles san francisco diego berkeley stanford "
    "ithaca baltimore dordrecht heidelberg cham singapore hillsdale mahwah norwood "
    "englewood cliffs upper saddle river reading menlo redwood seattle austin lanham "
    "westport greenwich armonk hove harlow malden"
    " england uk usa u.s.a us germany france italy spain netherlands switzerland austria "
    "canada australia japan china india russia sweden norway denmark finland belgium "
    "poland brazil mexico israel ireland scotland wales"
)
# US state codes, as printed after a city ("Thousand Oaks, CA"): upper case only, so
# that "in", "de", "or" are not places.
STATES = _words(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
)

# Function words that stand next to a field: each gets its own feature value.
MARKERS = {
    "eds": "ed",
    "ed": "ed",
    "editor": "ed",
    "editors": "ed",
    "hrsg": "ed",
    "hg": "ed",
    "dir": "ed",
    "dirs": "ed",
    "coord": "ed",
    "éd": "ed",
    "éds": "ed",
    "edited": "edited",
    "by": "by",
    "pp": "pp",
    "p": "pp",
    "pages": "pp",
    "page": "pp",
    "pgs": "pp",
    "s": "pp",
    "vol": "vol",
    "vols": "vol",
    "volume": "vol",
    "volumes": "vol",
    "bd": "vol",
    "jg": "vol",
    "tome": "vol",
    "no": "no",
    "nos": "no",
    "nr": "no",
    "number": "no",
    "issue": "no",
    "heft": "no",
    "n°": "no",
    "in": "in",
    "en": "in",
    "im": "in",
    "et": "et",
    "al": "al",
    "and": "and",
    "und": "and",
    "y": "and",
    "&": "and",
    "doi": "doi",
    "url": "url",
    "available": "url",
    "retrieved": "url",
    "accessed": "url",
    "online": "url",
    "edition": "edn",
    "edn": "edn",
    "ed.": "edn",
    "aufl": "edn",
    "auflage": "edn",
    "rev": "edn",
    "thesis": "thesis",
    "dissertation": "thesis",
    "phd": "thesis",
    "ph": "thesis",
    "doctoral": "thesis",
    "master's": "thesis",
    "diss": "thesis",
    "report": "report",
    "rep": "report",
    "tech": "report",
    "technical": "report",
    "paper": "report",
    "working": "report",
    "memo": "report",
    "press": "press",
    "forthcoming": "state",
    "submitted": "state",
    "epub": "state",
    "advance": "state",
    "preprint": "state",
    "proceedings": "proc",
    "proc": "proc",
    "conference": "proc",
    "conf": "proc",
    "symposium": "proc",
    "symp": "proc",
    "workshop": "proc",
    "congress": "proc",
    "meeting": "proc",
    "university": "univ",
    "univ": "univ",
    "universidad": "univ",
    "universität": "univ",
    "université": "univ",
    "institute": "univ",
    "department": "univ",
    "dept": "univ",
    "trans": "tr",
    "translated": "tr",
    "transl": "tr",
    "tr": "tr",
    "ibid": "ibid",
    "n.d": "nd",
    "nd": "nd",
    "supplement": "suppl",
    "suppl": "suppl",
    "article": "art",
    "art": "art",
    "chapter": "chap",
    "chap": "chap",
    "ch": "chap",
    "series": "series",
    "ser": "series",
    "lecture": "series",
    "notes": "series",
}
