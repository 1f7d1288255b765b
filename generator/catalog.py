"""Clinical and business catalogs: specialties, codes, charges, diagnoses, places.

Every ICD-10-CM code here is a billable (leaf) code of the package the product
validates with (tests check it); every procedure code has an MUE row in the
reference extract. Charges are one health system's chargemaster: the same
code costs the same everywhere in that system, as in real chargemasters, so a
seeded extreme charge stands out from a tight distribution.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Specialty:
    key: str
    name: str
    taxonomy: str
    claim_share: float  # of all claims
    min_age: int
    high_level: float  # share of level-4/5 office visits
    preventive: float  # share of visits that are preventive
    mod25: float  # share of E/M visits with a same-day minor procedure (and modifier 25)
    mod59: float  # share of claims with a distinct-procedure pair (and modifier 59)
    outlier_rules: tuple[str, ...]


SPECIALTIES: dict[str, Specialty] = {
    s.key: s
    for s in (
        Specialty(
            "fm",
            "Family Medicine",
            "207Q00000X",
            0.26,
            1,
            0.42,
            0.12,
            0.08,
            0.0,
            ("EM_LEVEL_OUTLIER", "MOD25_OUTLIER"),
        ),
        Specialty(
            "im",
            "Internal Medicine",
            "207R00000X",
            0.16,
            18,
            0.50,
            0.10,
            0.05,
            0.0,
            ("EM_LEVEL_OUTLIER", "MOD25_OUTLIER"),
        ),
        Specialty(
            "ortho",
            "Orthopaedic Surgery",
            "207X00000X",
            0.09,
            12,
            0.40,
            0.0,
            0.22,
            0.06,
            ("EM_LEVEL_OUTLIER", "MOD25_OUTLIER", "MOD59_OUTLIER"),
        ),
        Specialty(
            "cardio",
            "Cardiovascular Disease",
            "207RC0000X",
            0.08,
            30,
            0.55,
            0.0,
            0.0,
            0.0,
            ("EM_LEVEL_OUTLIER",),
        ),
        Specialty(
            "derm",
            "Dermatology",
            "207N00000X",
            0.07,
            1,
            0.25,
            0.0,
            0.30,
            0.0,
            ("EM_LEVEL_OUTLIER", "MOD25_OUTLIER"),
        ),
        Specialty(
            "ed",
            "Emergency Medicine",
            "207P00000X",
            0.10,
            1,
            0.0,
            0.0,
            0.12,
            0.0,
            ("MOD25_OUTLIER",),
        ),
        Specialty(
            "pt",
            "Physical Therapist",
            "225100000X",
            0.10,
            10,
            0.0,
            0.0,
            0.0,
            0.20,
            ("MOD59_OUTLIER",),
        ),
    )
}
HOSPITAL_SHARE = 0.10  # institutional claims
CSV_PRACTICE_SHARE = 0.04  # family medicine claims of the practice on the second system
HOSPITAL_TAXONOMY = "282N00000X"  # general acute care hospital
HOSPITALIST = ("Hospitalist", "208M00000X")

# Health-system chargemaster, professional (dollars per unit).
CHARGES: dict[str, str] = {
    "99202": "130.00",
    "99203": "195.00",
    "99204": "295.00",
    "99205": "385.00",
    "99212": "95.00",
    "99213": "160.00",
    "99214": "235.00",
    "99215": "325.00",
    "99381": "220.00",
    "99382": "230.00",
    "99383": "240.00",
    "99384": "260.00",
    "99385": "265.00",
    "99386": "290.00",
    "99387": "310.00",
    "99391": "200.00",
    "99392": "210.00",
    "99393": "215.00",
    "99394": "230.00",
    "99395": "240.00",
    "99396": "255.00",
    "99397": "270.00",
    "99281": "95.00",
    "99282": "160.00",
    "99283": "260.00",
    "99284": "420.00",
    "99285": "610.00",
    "36415": "22.00",
    "80053": "95.00",
    "80048": "72.00",
    "80061": "88.00",
    "85025": "48.00",
    "85027": "40.00",
    "83036": "62.00",
    "84443": "85.00",
    "81002": "24.00",
    "87880": "55.00",
    "90471": "40.00",
    "90686": "65.00",
    "93000": "95.00",
    "93005": "60.00",
    "93010": "40.00",
    "93306": "980.00",
    "93015": "520.00",
    "20610": "255.00",
    "20605": "190.00",
    "J3301": "18.00",
    "73562": "165.00",
    "73030": "155.00",
    "72100": "170.00",
    "73610": "150.00",
    "71046": "62.00",  # professional component (-26)
    "29881": "4200.00",
    "29880": "4600.00",
    "11102": "210.00",
    "11103": "95.00",
    "17000": "145.00",
    "17003": "22.00",
    "17110": "190.00",
    "12001": "310.00",
    "12002": "380.00",
    "97161": "210.00",
    "97162": "240.00",
    "97163": "275.00",
    "97110": "72.00",
    "97112": "78.00",
    "97140": "70.00",
    "97530": "82.00",
    "G0283": "38.00",
}

# Hospital outpatient chargemaster: (revenue code, HCPCS, charge).
HOSPITAL_OUTPATIENT: dict[str, tuple[tuple[str, str, str], ...]] = {
    "lab": (
        ("0300", "80053", "310.00"),
        ("0300", "80061", "245.00"),
        ("0300", "84443", "190.00"),
        ("0300", "83036", "160.00"),
        ("0305", "85025", "140.00"),
    ),
    "imaging": (
        ("0320", "71046", "480.00"),
        ("0320", "73562", "520.00"),
        ("0350", "74177", "4200.00"),
        ("0350", "70450", "2900.00"),
        ("0610", "72148", "5200.00"),
    ),
    "ekg": (("0730", "93005", "380.00"),),
}
VENIPUNCTURE_FACILITY = ("0300", "36415", "45.00")
# Inpatient: (revenue code, charge per unit, unit type); no HCPCS.
HOSPITAL_INPATIENT = (
    ("0120", "3200.00", "DA"),
    ("0250", "850.00", "UN"),
    ("0300", "1400.00", "UN"),
    ("0320", "900.00", "UN"),
)
DRGS = ("194", "195", "292", "293", "392", "470", "603", "690", "871", "872")

# Diagnoses by specialty (ICD-10-CM, no dot), most common first.
DX: dict[str, tuple[str, ...]] = {
    "fm": (
        "I10",
        "E119",
        "E785",
        "J069",
        "M5450",
        "E669",
        "F419",
        "J029",
        "N390",
        "K219",
        "E039",
        "F329",
        "R059",
        "J209",
        "G4700",
        "R519",
        "E559",
        "H6691",
        "B349",
        "R42",
        "J45909",
        "M25561",
        "L309",
        "E1165",
        "J0190",
    ),
    "im": (
        "I10",
        "E119",
        "E782",
        "E785",
        "E1165",
        "J449",
        "I4891",
        "N390",
        "D649",
        "E039",
        "K219",
        "F329",
        "R0602",
        "E559",
        "G4700",
        "M5450",
        "R42",
        "I2510",
    ),
    "ortho": (
        "M1711",
        "M1712",
        "M25561",
        "M25562",
        "M25511",
        "M25512",
        "M7521",
        "M75101",
        "S83241A",
        "M5450",
        "M5416",
        "M1990",
        "M7661",
        "S93401A",
        "M25571",
        "M170",
    ),
    "cardio": (
        "I10",
        "I2510",
        "I480",
        "I4891",
        "I509",
        "I5022",
        "E785",
        "R0789",
        "R0600",
        "I350",
        "R002",
        "R9431",
        "I119",
        "Z951",
        "Z7901",
    ),
    "derm": (
        "L570",
        "L821",
        "L820",
        "D485",
        "D225",
        "L700",
        "L409",
        "B079",
        "L723",
        "L309",
        "C4491",
    ),
    "ed": (
        "R079",
        "R1013",
        "R109",
        "J189",
        "N390",
        "R55",
        "S060X0A",
        "R509",
        "R112",
        "S0181XA",
        "S61411A",
        "S61412A",
        "S93401A",
        "J069",
        "R42",
    ),
    "pt": (
        "M5450",
        "M5416",
        "M25511",
        "M25561",
        "M1711",
        "Z96651",
        "Z4789",
        "M6281",
        "R262",
        "R2689",
        "M542",
        "S83241D",
        "M75101",
    ),
    "hospital": (
        "R079",
        "I10",
        "E119",
        "R0602",
        "J189",
        "M5450",
        "N390",
        "R109",
        "I4891",
        "R55",
        "E785",
        "I509",
    ),
}
LACERATION_DX = ("S0181XA", "S61411A", "S61412A")
WART_DX = "B079"
PREVENTIVE_DX_ADULT = ("Z0000", "Z0001")
PREVENTIVE_DX_CHILD = ("Z00129", "Z00121")
FLU_DX = "Z23"
# Sex-specific codes used in normal data only for the matching sex.
MALE_ONLY_DX = ("N400", "R9720")
FEMALE_ONLY_DX = ("N951", "Z124")

# Anomaly catalogs.
INVALID_DX = ("E11", "R07", "M545", "R05", "I25", "J45", "Z000", "K21", "E1190", "E1199")
MALE_DX_FOR_FEMALE = ("C61", "N400", "N401", "R9720")
FEMALE_DX_FOR_MALE = ("O0990", "O219", "N951", "Z01419")
PERINATAL_DX = ("P599", "P929", "P0730")
MALFORMED_CODES = ("9921", "992134", "99-13", "A12B4", "J12345", "8005", "97II0")
UNKNOWN_MODIFIERS = ("9Z", "Z7", "0Q", "1J", "ZZ9")

LAST_NAMES = (  # noqa: SIM905 - a word list reads best as words
    "SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ "
    "LOPEZ GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON "
    "WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT "
    "TORRES NGUYEN HILL FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER "
    "ROBERTS PATEL KHAN OKAFOR KOWALSKI SCHMIDT MUELLER OBRIEN SULLIVAN CHEN WANG KIM "
).split()
FIRST_NAMES_F = (  # noqa: SIM905 - a word list reads best as words
    "MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY "
    "BETTY MARGARET SANDRA ASHLEY EMILY DONNA MICHELLE CAROL AMANDA MELISSA DEBORAH OLIVIA "
    "EMMA AVA SOPHIA MIA PRIYA FATIMA "
).split()
FIRST_NAMES_M = (  # noqa: SIM905 - a word list reads best as words
    "JAMES ROBERT JOHN MICHAEL DAVID WILLIAM RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL "
    "MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN GEORGE LIAM "
    "NOAH ETHAN RAJ OMAR CARLOS "
).split()
STREETS = (
    "MAIN ST",
    "OAK AVE",
    "MAPLE DR",
    "HIGH ST",
    "BROAD ST",
    "ELM ST",
    "PARK AVE",
    "LAKE RD",
    "HILL ST",
    "CHURCH ST",
    "RIVER RD",
    "WASHINGTON AVE",
    "LINCOLN WAY",
    "CEDAR LN",
)
CITIES = (
    ("COLUMBUS", "OH", "43215"),
    ("COLUMBUS", "OH", "43201"),
    ("DUBLIN", "OH", "43017"),
    ("WESTERVILLE", "OH", "43081"),
    ("NEWARK", "OH", "43055"),
    ("DELAWARE", "OH", "43015"),
    ("LANCASTER", "OH", "43130"),
    ("MARION", "OH", "43302"),
    ("ZANESVILLE", "OH", "43701"),
    ("MANSFIELD", "OH", "44902"),
    ("DAYTON", "OH", "45402"),
    ("SPRINGFIELD", "OH", "45502"),
)
