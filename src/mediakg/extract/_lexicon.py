"""Word lists the extraction rules share: speech verbs, roles, organisation heads, evaluation."""

from __future__ import annotations

SPEECH_VERBS = (
    "said|says|say|saying|added|adds|adding|told|tells|argued|argues|arguing|noted|notes|noting|"
    "explained|explains|warned|warns|claimed|claims|insisted|insists|wrote|writes|stated|states|"
    "remarked|commented|comments|observed|stressed|stresses|suggested|suggests|acknowledged|"
    "admitted|recalled|concluded|described|describes|called|calls|dismissed|dismisses|praised|"
    "praises|asked|replied|continued|believes|believed|pointed out|points out|calling|"
    "describing|credited|credits|crediting|hailed|lauded|praising|criticised|criticized|"
    "criticising|dismissing|singled out|urged|testified"
)
"""Verbs that introduce what someone said, as a regex alternation."""

ROLE_NOUNS = frozenset(
    ["analyst", "researcher", "editor", "reporter", "correspondent", "director", "head", "chair", "chairman", "chairwoman", "chairperson", "spokesperson", "spokesman", "spokeswoman", "professor", "lecturer", "expert", "journalist", "economist", "founder", "president", "chief", "manager", "coordinator", "officer", "fellow", "adviser", "advisor", "lawyer", "activist", "minister", "secretary", "scholar", "historian", "commentator", "columnist", "producer", "presenter", "anchor", "writer", "author", "photographer", "investigator", "campaigner", "consultant", "specialist", "observer", "member", "leader", "deputy", "executive", "ombudsman", "blogger", "analysts", "researchers", "scientist", "sociologist", "teacher", "representative", "official", "diplomat", "ambassador", "envoy", "mayor", "governor", "hydrologist", "accountant", "critic", "engineer", "doctor", "nurse", "physician", "surgeon", "farmer", "trainer", "organiser", "organizer", "auditor", "judge", "prosecutor", "geologist", "ecologist", "economist", "statistician", "librarian", "curator"]
)
"""Nouns that name a role or job, for appositives, premodifiers and copulas."""

ORG_HEADS = frozenset(
    ["Institute", "Institution", "Foundation", "University", "College", "Center", "Centre", "Association", "Agency", "Council", "Committee", "Commission", "Network", "Group", "Press", "Review", "News", "Times", "Post", "Ledger", "Gazette", "Herald", "Journal", "Radio", "Television", "TV", "Broadcasting", "Media", "Service", "Services", "Ministry", "Office", "Bank", "Fund", "Party", "Union", "Federation", "Society", "Trust", "Watch", "International", "Initiative", "Project", "Programme", "Program", "Forum", "Alliance", "Coalition", "Consortium", "Court", "Parliament", "Company", "Corporation", "Inc", "Ltd", "Observer", "Tribune", "Chronicle", "Monitor", "Daily", "Weekly", "Express", "Telegraph", "Guardian", "Mirror", "Courier", "Dispatch", "Bulletin", "Reporting", "Lens", "Club", "Academy", "School", "Authority", "Bureau", "Department", "Directorate", "Secretariat", "Mission", "Organisation", "Organization", "Front", "Movement", "Army", "JSC", "LLP", "LLC", "SAC", "Ltd", "PLC", "AG", "GmbH", "Observatory", "Desk", "Rights"]
)
"""Last words that make a capitalised phrase an organisation's name."""

ORG_TYPES = (
    "group|think-tank|think tank|think-tanks|organisation|organization|institute|ngo|charity|"
    "agency|outlet|newspaper|paper|website|broadcaster|network|association|foundation|"
    "union|party|watchdog|centre|center|movement|initiative|coalition|company|magazine"
)
"""Common nouns that follow an organisation's name (``the Memorial group``)."""

MEDIA_WORDS = frozenset(
    ["Press", "News", "Times", "Post", "Ledger", "Gazette", "Herald", "Journal", "Radio", "Television", "TV", "Broadcasting", "Media", "Review", "Observer", "Tribune", "Chronicle", "Monitor", "Daily", "Weekly", "Express", "Telegraph", "Guardian", "Mirror", "Courier", "Dispatch", "Bulletin", "Reporting", "Lens", "Wire", "Report", "Magazine"]
)
"""Words that mark an organisation's name as a news outlet's."""

WORK_NOUNS = (
    "reporting|reports|report|articles|article|coverage|journalism|stories|story|series|analysis|"
    "analyses|pieces|piece|investigations|investigation|work|output|correspondents|journalists|"
    "reporters|features|feature|columns|commentary|broadcasts|programmes|website"
)
"""Nouns for an outlet's works, as a regex alternation (``IWPR's reports``)."""

POSITIVE = {
    "objective": 0.7,
    "objectively": 0.7,
    "professional": 0.8,
    "professionally": 0.8,
    "fair": 0.6,
    "fairly": 0.5,
    "balanced": 0.7,
    "accurate": 0.7,
    "accurately": 0.7,
    "thorough": 0.7,
    "in-depth": 0.7,
    "insightful": 0.7,
    "reliable": 0.7,
    "valuable": 0.7,
    "excellent": 0.9,
    "outstanding": 0.9,
    "best": 0.8,
    "clear": 0.5,
    "careful": 0.6,
    "rigorous": 0.8,
    "credible": 0.7,
    "trustworthy": 0.8,
    "informative": 0.6,
    "useful": 0.5,
    "helpful": 0.5,
    "important": 0.4,
    "impressive": 0.7,
    "comprehensive": 0.6,
    "nuanced": 0.6,
    "well-researched": 0.8,
    "groundbreaking": 0.8,
    "brave": 0.6,
    "courageous": 0.7,
    "indispensable": 0.9,
    "essential": 0.6,
    "serious": 0.4,
    "enable the reader": 0.5,
    "range of points of view": 0.5,
    "range of views": 0.5,
    "better understanding": 0.5,
    "meticulous": 0.8,
    "authoritative": 0.8,
    "first-rate": 0.9,
    "praised": 0.6,
    "praise": 0.5,
    "commended": 0.7,
    "admire": 0.6,
    "admired": 0.6,
    "independent": 0.5,
    "honest": 0.7,
    "solid": 0.5,
    "detailed": 0.5,
    "unmatched": 0.9,
    "superb": 0.9,
    "remarkable": 0.7,
    "vital": 0.6,
    "invaluable": 0.9,
    "trusted": 0.7,
    "right": 0.3,
    "get it right": 0.6,
    "clear-eyed": 0.7,
    "sober": 0.5,
    "came out on top": 0.7,
    "on top": 0.5,
    "credited": 0.6,
    "hailed": 0.7,
    "lauded": 0.7,
    "patient": 0.4,
    "impossible to ignore": 0.7,
    "changed how": 0.5,
    "changing the conversation": 0.6,
    "sound": 0.5,
    "the only report": 0.5,
    "properly funded": 0.3,
    "what cross-border reporting can do": 0.6,
    "training manual": 0.5,
    "model": 0.4,
    "gold standard": 0.9,
    "must-read": 0.8,
}
"""Evaluative words and phrases with their positive strength."""

NEGATIVE = {
    "biased": -0.7,
    "one-sided": -0.7,
    "sloppy": -0.8,
    "inaccurate": -0.8,
    "misleading": -0.8,
    "sensational": -0.6,
    "sensationalist": -0.7,
    "shallow": -0.6,
    "thin": -0.4,
    "propaganda": -0.9,
    "unfair": -0.6,
    "unreliable": -0.7,
    "rushed": -0.5,
    "superficial": -0.6,
    "partisan": -0.6,
    "flawed": -0.6,
    "error-ridden": -0.8,
    "careless": -0.7,
    "irresponsible": -0.8,
    "poor": -0.6,
    "weak": -0.4,
    "dismissed": -0.5,
    "distorted": -0.6,
    "less than ideal": -0.4,
    "slanted": -0.7,
    "lazy": -0.7,
    "alarmist": -0.6,
    "tabloid": -0.5,
    "unbalanced": -0.7,
    "wrong": -0.5,
    "mistakes": -0.5,
    "errors": -0.5,
    "exaggerated": -0.6,
    "hatchet job": -0.9,
    "hit piece": -0.9,
    "criticised": -0.5,
    "criticized": -0.5,
    "condemned": -0.7,
    "shoddy": -0.8,
    "disappointing": -0.6,
    "naive": -0.5,
    "simplistic": -0.5,
    "scaremongering": -0.8,
    "fabricated": -0.9,
    "smear": -0.8,
    "cherry-picked": -0.7,
    "speculative": -0.5,
    "reckless": -0.8,
}
"""Evaluative words and phrases with their negative strength."""

NEGATORS = ("not", "never", "hardly", "no", "far from", "lack of", "lacks", "lacked", "without")
"""Words that reverse the evaluation that follows them."""

INTENSIFIERS = ("most", "very", "highly", "extremely", "truly", "remarkably", "exceptionally")
"""Words that strengthen the evaluation that follows them."""
