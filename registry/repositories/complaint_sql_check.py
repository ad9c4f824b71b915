"""The SQL that checks every staged complaint row at once, with the rules and messages of parse_complaint.

Coded cells (dates, codes, choices, the company name) are checked once per distinct value by the very
functions of intake_rows and joined back here from complaint_value_<column>; free text is checked here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from registry.schemas.text import ARABIC_DIGITS, THEIR_ASCII

# Columns checked once per distinct value (complaint_value_<column>); their values and errors are joined in.
CODED = (
    "company_name",
    "received_on",
    "categories",
    "channel",
    "reporter_type",
    "language",
    "status",
    "worker_origin",
    "consent_to_share",
    "complainant_nationality",
)
# The order parse_complaint reads columns in: a bad row is reported at the first one that fails.
CHECK_ORDER = (
    "company_name",
    "received_on",
    "categories",
    "narrative",
    "source_ref",
    "channel",
    "reporter_type",
    "language",
    "status",
    "worker_origin",
    "consent_to_share",
    "reporter_key",
    "complainant_name",
    "complainant_phone",
    "complainant_document",
    "complainant_nationality",
)
# str.strip() removes exactly these (str.isspace); btrim() must remove the same.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WS = "E'" + "".join(f"\\u{ord(c):04x}" for c in WHITESPACE) + "'"
# registry.schemas.text.reject_controls (NUL never reaches a PostgreSQL text column).
_CONTROL = r"'[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]'"
_CONTROL_REASON = "'contains control characters (such as NUL)'"
_CHECKED = """
CREATE TEMP TABLE complaint_checked ON COMMIT DROP AS
SELECT t.*,
    CASE WHEN t.reason IS NULL THEN encode(sha256(convert_to(CASE WHEN t.source_ref IS NOT NULL
        THEN :source || chr(31) || 'ref' || chr(31) || t.source_ref
        ELSE :source || chr(31) || t.received_on || chr(31) || t.name_key || chr(31) || t.categories
             || chr(31) || coalesce(t.narrative, '') END, 'UTF8')), 'hex') END AS content_hash,
    CASE WHEN t.reason IS NULL AND t.reporter_key IS NOT NULL
        THEN left(encode(sha256(convert_to(:source || chr(31) || t.reporter_key, 'UTF8')), 'hex'), 32)
    END AS reporter_hash,
    CASE WHEN t.reason IS NULL THEN gen_random_uuid()::text END AS token
FROM (
    SELECT e.*, coalesce({reasons}) AS reason, CASE {columns} END AS column_name,
        (e.complainant_name IS NOT NULL OR e.complainant_phone IS NOT NULL
         OR e.complainant_document IS NOT NULL OR e.complainant_nationality IS NOT NULL) AS has_contact
    FROM (
        SELECT r.line,
            v_company_name.name_key, v_received_on.received_at, v_categories.codes,
            {values}
        FROM complaint_raw r
        {joins}
        WHERE btrim(r."company_name", {ws}) <> '' OR btrim(concat({cells}), {ws}) <> ''
        OFFSET 0
    ) e
) t
"""


def checked_table(
    present: Sequence[str], raw_columns: Sequence[str], limits: Mapping[str, int], shaped: Collection[str]
) -> str:
    """CREATE TABLE AS of every non-blank row: its values, first failing column and reason, its hashes.

    PRESENT are the known columns the file has, RAW_COLUMNS every column of complaint_raw, LIMITS the
    length limit of each free-text column. A SHAPED column must also match the pattern bound as
    :pattern_<column>, else it is refused with the reason bound as :reason_<column>.
    """
    values = [
        *(_coded(name, present) for name in CODED),
        *(_text(name, present, n, shaped=name in shaped) for name, n in limits.items()),
    ]
    return _CHECKED.format(
        reasons=", ".join(f"e.e_{name}" for name in CHECK_ORDER),
        columns=" ".join(f"WHEN e.e_{name} IS NOT NULL THEN '{name}'" for name in CHECK_ORDER),
        values=",\n            ".join(values),
        joins="\n        ".join(_join(name) for name in CODED if name in present),
        cells=", ".join(f'r."{name}"' for name in raw_columns),
        ws=_WS,
    )


def _cell(name: str, present: Sequence[str]) -> str:
    # COPY reads every column with FORCE_NOT_NULL: an empty cell is '', as the Python reader has it.
    return f'r."{name}"' if name in present else "''"


def _coded(name: str, present: Sequence[str]) -> str:
    if name not in present:
        # A column the file lacks has one value for every row: look it up once.
        lookup = f"FROM complaint_value_{name} WHERE raw = ''"
        return f"(SELECT value {lookup}) AS {name}, (SELECT error {lookup}) AS e_{name}"
    return f"v_{name}.value AS {name}, v_{name}.error AS e_{name}"


def _join(name: str) -> str:
    return f"""JOIN complaint_value_{name} v_{name} ON v_{name}.raw = r."{name}\""""


def _text(name: str, present: Sequence[str], limit: int, *, shaped: bool) -> str:
    cell = _cell(name, present)
    stripped = f"btrim({cell}, {_WS})"
    if shaped:  # phone and document numbers: Arabic-Indic digits read as 0-9, as the Python path does
        stripped = f"translate({stripped}, '{ARABIC_DIGITS}', '{THEIR_ASCII}')"
    shape = f"WHEN {stripped} <> '' AND {stripped} !~ :pattern_{name} THEN :reason_{name} " if shaped else ""
    # octet_length() first: no longer than the limit in bytes is no longer in characters, and cheap.
    return (
        f"nullif({stripped}, '') AS {name}, "
        f"CASE WHEN {cell} ~ {_CONTROL} THEN {_CONTROL_REASON} "
        f"WHEN octet_length({cell}) > {limit} AND length({stripped}) > {limit} "
        f"THEN 'is ' || length({stripped}) || ' characters long; the limit is {limit}' {shape}END AS e_{name}"
    )
