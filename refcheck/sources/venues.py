"""Computer-science venues: which entries DBLP covers, and which venue an entry names.

DBLP indexes computer science, and only that: asking it about a history monograph is
asking in vain, and its silence about one says nothing. So DBLP is asked about an
entry only when the entry's journal or proceedings is recognisably a computing venue,
and its silence counts as evidence only for venues it indexes.

Venues are written in many ways — ``NeurIPS``, ``NIPS``, ``Advances in Neural
Information Processing Systems 34``, ``Proc. of the 38th Int. Conf. on Machine
Learning`` — so the major ones are recognised by patterns over the normalised name
and reduced to one canonical key, which also names their DBLP stream
(``conf/nips``). Two entries naming two *different* canonical venues is what the
venue check (RC310) may report; a venue refcheck does not recognise is never
compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Venue:
    key: str  # canonical short name, as DBLP prints it
    stream: str  # DBLP stream id
    pattern: re.Pattern[str]  # over ``normalise(name)``


def _v(key: str, stream: str, pattern: str) -> Venue:
    return Venue(key, stream, re.compile(pattern))


# Patterns run on lower-case ASCII words separated by single spaces; ordinal numbers
# and years are dropped first ("38th", "2021").
VENUES = (
    _v("NeurIPS", "conf/nips", r"\b(neurips|nips)\b|neural information processing systems"),
    _v("ICML", "conf/icml", r"\bicml\b|international conference on machine learning"),
    _v("ICLR", "conf/iclr", r"\biclr\b|international conference on learning representations"),
    _v("CVPR", "conf/cvpr", r"\bcvpr\b|conference on computer vision and pattern recognition"),
    _v("ICCV", "conf/iccv", r"\biccv\b|international conference on computer vision\b(?! and)"),
    _v("ECCV", "conf/eccv", r"\beccv\b|european conference on computer vision"),
    _v("WACV", "conf/wacv", r"\bwacv\b|winter conference on applications of computer vision"),
    _v(
        "AAAI", "conf/aaai", r"\baaai\b(?! spring| fall)|aaai conference on artificial intelligence"
    ),
    _v("IJCAI", "conf/ijcai", r"\bijcai\b|international joint conference on artificial intell"),
    _v(
        "ACL",
        "conf/acl",
        r"^(proceedings of the )?(annual meeting of the )?"
        r"(acl|association for computational linguistics)\b(?! rolling)",
    ),
    _v("EMNLP", "conf/emnlp", r"\bemnlp\b|empirical methods in natural language processing"),
    _v(
        "NAACL",
        "conf/naacl",
        r"\bnaacl\b|north american chapter of the association for computational",
    ),
    _v("EACL", "conf/eacl", r"\beacl\b|european chapter of the association for computational"),
    _v(
        "COLING", "conf/coling", r"\bcoling\b|international conference on computational linguistics"
    ),
    _v("TACL", "journals/tacl", r"\btacl\b|transactions of the association for computational"),
    _v("KDD", "conf/kdd", r"\bkdd\b|knowledge discovery and data mining"),
    _v(
        "WWW",
        "conf/www",
        r"^(proceedings of )?(the )?(www|the web conference|world wide web conference)\b",
    ),
    _v("SIGIR", "conf/sigir", r"\bsigir\b|research and development in information retrieval"),
    _v("WSDM", "conf/wsdm", r"\bwsdm\b|web search and data mining"),
    _v("CIKM", "conf/cikm", r"\bcikm\b|conference on information and knowledge management"),
    _v("UAI", "conf/uai", r"\buai\b|uncertainty in artificial intelligence"),
    _v("AISTATS", "conf/aistats", r"\baistats\b|artificial intelligence and statistics"),
    _v("COLT", "conf/colt", r"\bcolt\b|conference on (computational )?learning theory"),
    _v("CoRL", "conf/corl", r"\bcorl\b|conference on robot learning"),
    _v("ICRA", "conf/icra", r"\bicra\b|international conference on robotics and automation"),
    _v("IROS", "conf/iros", r"\biros\b|intelligent robots and systems"),
    _v("Interspeech", "conf/interspeech", r"\binterspeech\b"),
    _v("ICASSP", "conf/icassp", r"\bicassp\b|acoustics speech and signal processing"),
    _v("MICCAI", "conf/miccai", r"\bmiccai\b|medical image computing and computer assisted"),
    _v(
        "J. Mach. Learn. Res.",
        "journals/jmlr",
        r"\bjmlr\b|^j mach learn res\b|journal of machine learning research",
    ),
    _v(
        "Trans. Mach. Learn. Res.",
        "journals/tmlr",
        r"\btmlr\b|^trans mach learn res\b|transactions on machine learning research",
    ),
    _v("Mach. Learn.", "journals/ml", r"^(mach learn|machine learning)$"),
    _v(
        "IEEE Trans. Pattern Anal. Mach. Intell.",
        "journals/pami",
        r"\btpami\b|pattern analysis and machine intelligence|^ieee trans pattern anal mach intell",
    ),
    _v("CoRR", "journals/corr", r"\b(corr|arxiv)\b"),
)

# Words that make a journal or proceedings a computing venue even when it is not in
# the table: DBLP indexes these fields. Deliberately narrow: a false "computing" only
# costs a request in vain, but DBLP's silence is evidence only for what it indexes.
_COMPUTING = re.compile(
    r"\b(comput\w*|computer|software|informatics|artificial intelligence|machine learning|"
    r"neural (information|networks?|computation)|deep learning|data mining|robotics|"
    r"natural language processing|computational linguistics|information retrieval|"
    r"cryptolog\w*|programming languages?|operating systems|databases?|acm|"
    r"lecture notes in computer science|lncs|ieee transactions on (pattern|knowledge|"
    r"software|information theory|neural)|sigplan|sigmod|sigcomm|vldb|usenix)\b"
)
_ORDINAL = re.compile(r"\b\d+(st|nd|rd|th)\b|\b(1[89]|20)\d\d\b|\b\d+\b")


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """Lower-case ASCII words: ``Proc. of the 38th Int'l Conf. on Machine Learning`` →
    ``proc of the int l conf on machine learning`` (abbreviations are expanded for the
    common ones: ``int conf`` → ``international conference``)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    text = _ORDINAL.sub(" ", re.sub(r"[^\w]+", " ", text))
    words = text.split()
    expand = {
        "int": "international",
        "intl": "international",
        "conf": "conference",
        "proc": "proceedings",
        "assoc": "association",
        "comput": "computational",
        "ling": "linguistics",
        "artif": "artificial",
        "intell": "intelligence",
        "adv": "advances",
        "neural inf": "neural information",
        "syst": "systems",
        "process": "processing",
    }
    out = [expand.get(w, w) for w in words]
    return " ".join(out)


@lru_cache(maxsize=4096)
def canonical(name: str | None) -> Venue | None:
    """The major venue an entry's container names, or None when it is none of them."""
    if not name:
        return None
    text = normalise(name)
    # Workshops held at a conference are not the conference ("NeurIPS Workshop on …").
    if re.search(r"\bworkshops?\b|\bfindings\b|\bcompanion\b|\bsymposium\b", text):
        return None
    for venue in VENUES:
        if venue.pattern.search(text):
            return venue
    return None


def is_computing(name: str | None) -> bool:
    """Whether a journal or proceedings name is a computing venue DBLP would index."""
    if not name:
        return False
    return canonical(name) is not None or _COMPUTING.search(normalise(name)) is not None


def same_venue(entry_container: str | None, record_venue: str | None) -> bool | None:
    """Do the entry's venue and a record's agree? None when either is not recognised
    (then nothing is claimed); CoRR/arXiv on the record side is a preprint, not a
    venue, and is never "another venue" either."""
    mine, theirs = canonical(entry_container), canonical(record_venue)
    if mine is None or theirs is None or theirs.key == "CoRR" or mine.key == "CoRR":
        return None
    return mine.key == theirs.key
