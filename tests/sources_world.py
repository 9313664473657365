"""The stand-in's world for the end-to-end tests: real works with their public metadata.

Which source holds which work follows the real services: DBLP has computer science
only (with CoRR for arXiv preprints), arXiv its preprints, DataCite its DOIs, Open
Library books, Crossref its DOIs, OpenAlex nearly everything. Each venue-year the
entries name is given its neighbours too, so DBLP's listings are not empty.
"""

from __future__ import annotations

from tests.sources_server import Work

CS = frozenset({"openalex", "dblp", "arxiv"})

WORLD = [
    Work(
        "Attention is All you Need",
        [
            "Ashish Vaswani",
            "Noam Shazeer",
            "Niki Parmar",
            "Jakob Uszkoreit",
            "Llion Jones",
            "Aidan N. Gomez",
            "Lukasz Kaiser",
            "Illia Polosukhin",
        ],
        2017,
        kind="conference",
        venue="NIPS",
        stream="conf/nips",
        journal="Advances in Neural Information Processing Systems",
        pages="5998-6008",
        arxiv="1706.03762",
        sources=CS,
    ),
    Work(
        "Dynamic Routing Between Capsules",
        ["Sara Sabour", "Nicholas Frosst", "Geoffrey E. Hinton"],
        2017,
        kind="conference",
        venue="NIPS",
        stream="conf/nips",
        pages="3856-3866",
        arxiv="1710.09829",
        sources=CS,
    ),
    Work(
        "Wasserstein Generative Adversarial Networks",
        ["Martín Arjovsky", "Soumith Chintala", "Léon Bottou"],
        2017,
        kind="conference",
        venue="ICML",
        stream="conf/icml",
        pages="214-223",
        sources=frozenset({"openalex", "dblp"}),
    ),
    Work(
        "Concrete Problems in AI Safety",
        [
            "Dario Amodei",
            "Chris Olah",
            "Jacob Steinhardt",
            "Paul F. Christiano",
            "John Schulman",
            "Dan Mané",
        ],
        2016,
        kind="preprint",
        venue="CoRR",
        arxiv="1606.06565",
        sources=CS,
    ),
    Work(
        "Matching Networks for One Shot Learning",
        [
            "Oriol Vinyals",
            "Charles Blundell",
            "Tim Lillicrap",
            "Koray Kavukcuoglu",
            "Daan Wierstra",
        ],
        2016,
        kind="conference",
        venue="NIPS",
        stream="conf/nips",
        pages="3630-3638",
        sources=frozenset({"openalex", "dblp"}),
    ),
    Work(
        "Flamingo: a Visual Language Model for Few-Shot Learning",
        ["Jean-Baptiste Alayrac", "Jeff Donahue", "Pauline Luc"],
        2022,
        kind="conference",
        venue="NeurIPS",
        stream="conf/nips",
        sources=frozenset({"openalex", "dblp"}),
    ),
    Work(
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
        2019,
        kind="conference",
        venue="NAACL-HLT (1)",
        stream="conf/naacl",
        pages="4171-4186",
        doi="10.18653/v1/n19-1423",
        arxiv="1810.04805",
        arxiv_year=2018,
        sources=frozenset({"openalex", "dblp", "arxiv", "crossref"}),
    ),
    Work(
        "Cooperation under the Security Dilemma",
        ["Robert Jervis"],
        1978,
        kind="article",
        journal="World Politics",
        volume="30",
        issue="2",
        pages="167-214",
        doi="10.2307/2009958",
        sources=frozenset({"openalex", "crossref"}),
    ),
    Work(
        "Everyone Loses",
        ["Samuel Charap", "Timothy J. Colton"],
        2016,
        kind="book",
        subtitle="The Ukraine Crisis and the Ruinous Contest for Post-Soviet Eurasia",
        isbns=["9781138633087", "1138633089", "9781315537238"],
        publishers=["Routledge", "International Institute for Strategic Studies"],
        edition_years=[2016, 2017],
        doi="10.4324/9781315537238",
        sources=frozenset({"openlibrary", "crossref", "openalex"}),
    ),
    Work(
        "Theory of International Politics",
        ["Kenneth N. Waltz"],
        1979,
        kind="book",
        isbns=["9780075548522", "0075548526"],
        publishers=["Addison-Wesley", "Waveland Press"],
        edition_years=[1979, 2010],
        sources=frozenset({"openlibrary", "openalex"}),
    ),
    Work(
        "pandas-dev/pandas: Pandas",
        ["The pandas development team"],
        2020,
        kind="software",
        doi="10.5281/zenodo.3509134",
        publishers=["Zenodo"],
        sources=frozenset({"datacite", "openalex"}),
    ),
    # A DOI registered with mEDRA: Crossref's agency check names it, OpenAlex has it.
    # (Composed for the tests; the DOI prefix is mEDRA's kind, the work is not real.)
    Work(
        "La rappresentanza politica nelle democrazie europee",
        ["Marco Rossi"],
        2015,
        kind="article",
        journal="Rivista italiana di scienza politica",
        volume="45",
        pages="201-224",
        doi="10.1426/80912",
        agency="mEDRA",
        sources=frozenset({"openalex"}),
    ),
]
