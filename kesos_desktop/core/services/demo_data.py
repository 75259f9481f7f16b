"""Fixed material for the demo generator: resident profiles, demo institutions, and Indonesian names and values.

Everything here is synthetic record content written in Indonesian on purpose (it is data, like a typed name),
so none of it goes through gettext.
"""

from __future__ import annotations

from dataclasses import dataclass

from faker.providers.address.id_ID import Provider as _FakerAddress
from faker.providers.person.id_ID import Provider as _FakerPerson

# --------------------------------------------------------------------------------------------------- names

MALE_FIRST = _FakerPerson.first_names_male
FEMALE_FIRST = _FakerPerson.first_names_female
MALE_LAST = _FakerPerson.last_names_male
FEMALE_LAST = _FakerPerson.last_names_female
STREETS = _FakerAddress.streets

# Nicknames people are known by on the street when no one knows (or they will not say) their real name.
MALE_ALIASES = (
    "Ucok", "Udin", "Otong", "Jabrik", "Kribo", "Item", "Botak", "Cilik", "Gendut", "Acong", "Ipin", "Bule",
    "Jenggot", "Kancil", "Codet", "Bewok", "Jangkung", "Pak Tua", "Mbah Karto", "Bang Jago", "Kumis", "Unyil",
)  # fmt: skip
FEMALE_ALIASES = (
    "Neng", "Ijah", "Inah", "Mpok", "Butet", "Ucil", "Nenek", "Mbok Yem", "Iteung", "Siti Kecil", "Mak Ijah",
    "Cici", "Mbak Sri", "Nyai", "Ening",
)  # fmt: skip

# Codes of resources/data/person_choices.csv (services.residents_choices).
RELIGIONS = ("ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KHONGHUCU", "KEPERCAYAAN")
# Religion weights by province of origin (in RELIGIONS order); other provinces use DEFAULT_RELIGION_WEIGHTS.
DEFAULT_RELIGION_WEIGHTS = (88, 6, 3, 1, 1.5, 0.3, 0.2)
RELIGION_WEIGHTS_BY_PROVINCE: dict[str, tuple[float, ...]] = {
    "12": (63, 31, 5, 0.1, 0.8, 0.05, 0.05),  # Sumatera Utara
    "51": (10, 2, 1, 86, 0.8, 0.1, 0.1),  # Bali
    "53": (9, 35, 55, 0.1, 0.1, 0.1, 0.7),  # Nusa Tenggara Timur
    "71": (31, 63, 5, 0.5, 0.3, 0.1, 0.1),  # Sulawesi Utara
    "81": (50, 42, 7, 0.2, 0.1, 0.1, 0.6),  # Maluku
    "91": (15, 65, 19, 0.1, 0.1, 0.1, 0.7),  # Papua
    "94": (12, 62, 25, 0.1, 0.1, 0.1, 0.7),  # Papua Tengah
    "95": (3, 80, 16, 0.1, 0.1, 0.1, 0.8),  # Papua Pegunungan
}
UNKNOWN_CODE = "TIDAK_DIKETAHUI"

EDUCATION_NONE = "TIDAK_SEKOLAH"
EDUCATION_BY_LEVEL = ("TIDAK_SEKOLAH", "BELUM_TAMAT_SD", "SD", "SMP", "SMA", "D3", "S1")
# Highest level reached by adults in care (in EDUCATION_BY_LEVEL order).
ADULT_EDUCATION_WEIGHTS = (14, 20, 33, 18, 12, 2, 1)

SINGLE, MARRIED, DIVORCED, WIDOWED = "BELUM_KAWIN", "KAWIN", "CERAI_HIDUP", "CERAI_MATI"

NIK_ABSENT_REASONS_CHILD = (
    ("Belum memiliki KIA/akta kelahiran", 50),
    ("Tidak diketahui", 30),
    ("Belum terdaftar di Kartu Keluarga", 20),
)
NIK_ABSENT_REASONS_ADULT = (
    ("Belum memiliki KTP", 30),
    ("Tidak diketahui", 25),
    ("KTP hilang, belum diurus", 20),
    ("Tidak membawa identitas", 15),
    ("Tidak bersedia memberi keterangan", 10),
)

HEALTH_NOTES = (
    "Gizi kurang, perlu pemantauan berat badan",
    "Batuk lama, dirujuk ke puskesmas untuk pemeriksaan TB",
    "Hipertensi, minum obat rutin",
    "Luka di kaki, perawatan luka di klinik panti",
    "Penyakit kulit (skabies), sudah diobati",
    "Diabetes, kontrol gula darah mingguan",
    "Sehat menurut pemeriksaan awal",
)
MENTAL_HEALTH_NOTES = (
    "Gangguan jiwa, kontrol rutin ke RSJ Duren Sawit",
    "Halusinasi pendengaran, dalam pengobatan psikiater",
    "Sering gelisah malam hari, pendampingan peksos",
)
DISABILITY_NOTES = (
    "Tunanetra total",
    "Low vision",
    "Tunadaksa: kaki kiri diamputasi",
    "Tunadaksa: memakai kursi roda",
    "Tunarungu wicara",
    "Disabilitas intelektual ringan",
    "Disabilitas ganda (fisik dan intelektual)",
)

WORK_PLACES = (
    "Bekerja di bengkel las, Bekasi",
    "Bekerja di rumah makan, Tangerang",
    "Usaha warung kelontong (bantuan UEP)",
    "Bekerja sebagai penjahit konveksi, Bogor",
    "Bekerja di usaha cuci motor, Depok",
    "Bekerja sebagai asisten rumah tangga",
    "Usaha dagang keliling (bantuan modal usaha)",
)
FOSTER_PLACES = (
    "Orang tua asuh di Depok",
    "Diasuh kerabat (paman) di Bogor",
    "Wali: nenek dari pihak ibu",
    "Keluarga asuh di Tangerang Selatan",
)
BURIAL_PLACES = ("Dimakamkan di TPU Tegal Alur", "Dimakamkan di TPU Pondok Ranggon", "Dimakamkan oleh keluarga")
TRANSFER_REASONS = (
    "Perlu pembinaan lanjut sesuai hasil asesmen",
    "Batas waktu tinggal di panti penerimaan",
    "Membutuhkan layanan khusus sesuai kebutuhannya",
    "Penempatan pada lembaga mitra",
    "Hasil konferensi kasus",
)
OTHER_EXIT_NOTES = (
    "Dirawat inap di rumah sakit untuk perawatan lanjutan",
    "Menjalani proses hukum, diserahkan kepada kepolisian",
    "Menikah dan ikut suami",
)


# ------------------------------------------------------------------------------------------- institution kinds

# A kind is what the demo generator needs an institution for; each maps to institution_type codes (first one
# present in the database wins), so the demo follows whatever types resources/data/institution_types.csv seeds.
RECEPTION, SHELTER, CHILDREN, TODDLERS, ELDERLY, WOMEN, GEPENG, MENTAL, DISABILITY, PESANTREN, LKSA = (
    "reception",
    "shelter",
    "children",
    "toddlers",
    "elderly",
    "women",
    "gepeng",
    "mental",
    "disability",
    "pesantren",
    "lksa",
)

KIND_TYPE_CODES: dict[str, tuple[str, ...]] = {
    RECEPTION: ("PSBI", "PPS_PGOT", "UPT_PROV"),
    SHELTER: ("RUMAH_SINGGAH", "PSBI", "UPT_KABKOTA"),
    CHILDREN: ("PSAA", "LKSA", "RPSA"),
    TODDLERS: ("PSAA", "LKSA", "RPSA"),
    ELDERLY: ("PSTW", "UPT_PROV"),
    WOMEN: ("PSKW", "RPSW", "PSBRKW"),
    GEPENG: ("PSBK", "PPS_PGOT", "PSBI"),
    MENTAL: ("PSBL", "PSBI"),
    DISABILITY: ("PSBD", "PSBN", "PSBG", "PSBRW"),
    PESANTREN: ("PESANTREN", "LKSA"),
    LKSA: ("LKSA", "LKS"),
}

# Length of stay in days (low, high) by kind; the type's and institution's max_stay_days cap them further.
STAY_DAYS: dict[str, tuple[int, int]] = {
    RECEPTION: (3, 21),
    SHELTER: (1, 7),
    CHILDREN: (90, 1200),
    TODDLERS: (60, 900),
    ELDERLY: (120, 1500),
    WOMEN: (120, 200),
    GEPENG: (30, 240),
    MENTAL: (60, 720),
    DISABILITY: (90, 720),
    PESANTREN: (180, 1200),
    LKSA: (120, 1000),
}

# Chance that a stay of this kind ends in a referral to another institution (a transfer), when not the last.
TRANSFER_CHANCE: dict[str, float] = {RECEPTION: 0.65, SHELTER: 0.5}
DEFAULT_TRANSFER_CHANCE = 0.12

# Exit reasons by kind (exit_reason codes from domain §3.4); codes missing from the database are skipped.
EXIT_WEIGHTS: dict[str, dict[str, float]] = {
    RECEPTION: {"DIPULANGKAN": 30, "REUNIFIKASI": 30, "KABUR": 15, "PERMINTAAN": 15, "MENINGGAL": 1, "LAINNYA": 2},
    SHELTER: {"DIPULANGKAN": 40, "REUNIFIKASI": 25, "KABUR": 20, "PERMINTAAN": 10, "LAINNYA": 2},
    CHILDREN: {"REUNIFIKASI": 35, "USIA": 15, "PENGASUHAN": 15, "KABUR": 15, "SELESAI": 10, "PERMINTAAN": 5},
    TODDLERS: {"PENGASUHAN": 45, "REUNIFIKASI": 40, "MENINGGAL": 2, "LAINNYA": 3},
    ELDERLY: {"MENINGGAL": 35, "REUNIFIKASI": 30, "PERMINTAAN": 20, "KABUR": 5, "LAINNYA": 3},
    WOMEN: {"SELESAI": 40, "BEKERJA": 25, "REUNIFIKASI": 20, "KABUR": 10, "LAINNYA": 3},
    GEPENG: {"SELESAI": 20, "BEKERJA": 20, "DIPULANGKAN": 25, "REUNIFIKASI": 15, "KABUR": 15, "LAINNYA": 2},
    MENTAL: {"REUNIFIKASI": 40, "DIPULANGKAN": 20, "KABUR": 10, "MENINGGAL": 4, "LAINNYA": 4},
    DISABILITY: {"SELESAI": 35, "BEKERJA": 20, "REUNIFIKASI": 30, "PERMINTAAN": 10},
    PESANTREN: {"SELESAI": 30, "USIA": 10, "REUNIFIKASI": 30, "KABUR": 25, "PERMINTAAN": 5},
    LKSA: {"REUNIFIKASI": 35, "USIA": 15, "PENGASUHAN": 20, "KABUR": 15, "SELESAI": 10},
}
FINAL_ONLY_REASONS = frozenset({"MENINGGAL"})
TRANSFER_REASON = "DIRUJUK"


# ----------------------------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """A kind of resident: categories, age at first admission, sex mix and the institutions they pass through."""

    key: str
    weight: float
    category: str
    age: tuple[int, int]
    male_share: float
    first_kinds: tuple[tuple[str, float], ...]
    follow_kinds: tuple[tuple[str, float], ...]
    nik_rate: float
    second_category: str = ""
    second_rate: float = 0.0
    alias_rate: float = 0.05
    unknown_name_rate: float = 0.0
    adult_category: str = ""  # category after turning 18 (anak jalanan -> gelandangan)
    health_rate: float = 0.1
    disability_rate: float = 0.0
    mental: bool = False


PROFILES: tuple[Profile, ...] = (
    Profile(
        "anak_jalanan", 13, "AJ", (6, 17), 0.7,
        ((SHELTER, 0.6), (RECEPTION, 0.4)), ((CHILDREN, 0.5), (PESANTREN, 0.25), (LKSA, 0.25)),
        nik_rate=0.35, second_category="AT", second_rate=0.3, alias_rate=0.5, unknown_name_rate=0.08,
        adult_category="GEL",
    ),
    Profile(
        "anak_terlantar", 8, "AT", (6, 17), 0.55,
        ((CHILDREN, 0.6), (LKSA, 0.25), (PESANTREN, 0.15)), ((LKSA, 0.4), (PESANTREN, 0.3), (CHILDREN, 0.3)),
        nik_rate=0.55, alias_rate=0.1,
    ),
    Profile(
        "balita_terlantar", 3, "ABT", (0, 5), 0.5,
        ((TODDLERS, 0.8), (LKSA, 0.2)), ((LKSA, 0.5), (TODDLERS, 0.5)),
        nik_rate=0.4, alias_rate=0.0, unknown_name_rate=0.05,
    ),
    Profile(
        "lansia_terlantar", 16, "LUT", (60, 88), 0.45,
        ((RECEPTION, 0.6), (ELDERLY, 0.4)), ((ELDERLY, 1.0),),
        nik_rate=0.8, alias_rate=0.1, unknown_name_rate=0.02, health_rate=0.5, disability_rate=0.1,
    ),
    Profile(
        "gelandangan", 13, "GEL", (18, 59), 0.7,
        ((RECEPTION, 0.8), (SHELTER, 0.2)), ((GEPENG, 1.0),),
        nik_rate=0.55, second_category="PGM", second_rate=0.25, alias_rate=0.3, unknown_name_rate=0.04,
        health_rate=0.2,
    ),
    Profile(
        "pengemis", 10, "PGM", (18, 59), 0.45,
        ((RECEPTION, 1.0),), ((GEPENG, 1.0),),
        nik_rate=0.65, second_category="GEL", second_rate=0.2, alias_rate=0.2, health_rate=0.2,
    ),
    Profile(
        "tuna_susila", 7, "TS", (18, 45), 0.0,
        ((RECEPTION, 0.5), (WOMEN, 0.5)), ((WOMEN, 1.0),),
        nik_rate=0.9, alias_rate=0.3, health_rate=0.15,
    ),
    Profile(
        "orang_terlantar", 14, "OT", (18, 65), 0.6,
        ((SHELTER, 0.7), (RECEPTION, 0.3)), ((GEPENG, 1.0),),
        nik_rate=0.85, alias_rate=0.03,
    ),
    Profile(
        "odgj", 7, "ODGJ", (18, 65), 0.6,
        ((RECEPTION, 1.0),), ((MENTAL, 1.0),),
        nik_rate=0.3, alias_rate=0.35, unknown_name_rate=0.3, health_rate=0.9, mental=True,
    ),
    Profile(
        "disabilitas", 6, "PD", (18, 59), 0.55,
        ((RECEPTION, 0.4), (DISABILITY, 0.6)), ((DISABILITY, 1.0),),
        nik_rate=0.8, alias_rate=0.05, health_rate=0.2, disability_rate=1.0,
    ),
    Profile(
        "anak_disabilitas", 3, "ADK", (6, 17), 0.55,
        ((CHILDREN, 0.5), (DISABILITY, 0.5)), ((DISABILITY, 0.6), (CHILDREN, 0.4)),
        nik_rate=0.7, second_category="AT", second_rate=0.3, disability_rate=1.0,
    ),
)  # fmt: skip

# Where people in care come from (province weights; DKI offices receive most from Java); others share the rest.
ORIGIN_PROVINCE_WEIGHTS: dict[str, float] = {
    "31": 22, "32": 24, "33": 16, "35": 9, "36": 8, "34": 2, "18": 3, "16": 1.5, "12": 2, "13": 1.5,
    "11": 0.5, "14": 0.8, "15": 0.5, "17": 0.4, "19": 0.4, "21": 0.5, "51": 0.6, "52": 0.8, "53": 1.2,
    "61": 0.5, "62": 0.3, "63": 0.4, "64": 0.4, "71": 0.5, "72": 0.3, "73": 1.0, "74": 0.3, "75": 0.2,
    "81": 0.4, "82": 0.2, "91": 0.3, "94": 0.2,
}  # fmt: skip
OTHER_PROVINCE_WEIGHT = 0.15

# ------------------------------------------------------------------------------------------ demo institutions


@dataclass(frozen=True)
class InstitutionPlan:
    """One demo institution; ``{n}`` in the name numbers the units added when many residents are generated."""

    kind: str
    name: str
    short_name: str
    region_code: str
    owner_kind: str
    male_beds: int
    female_beds: int
    rooms: tuple[str, str] = ("Wisma Putra", "Wisma Putri")  # room name prefixes for men and women
    is_partner: bool = False
    address: str = ""
    phone: str = ""
    numbered: bool = True  # DKI panti carry a number even when there is one ("PSTW Budi Mulia 1")


INSTITUTION_PLANS: tuple[InstitutionPlan, ...] = (
    InstitutionPlan(RECEPTION, "Panti Sosial Bina Insan Bangun Daya {n}", "PSBI BD {n}", "31.73.05.1006",
                    "provinsi", 120, 80, address="Jl. Kedoya Raya No. 2, Kedoya Utara, Kebon Jeruk",
                    phone="(021) 581 1234"),
    InstitutionPlan(SHELTER, "Rumah Singgah Kampung Melayu {n}", "RS Kp. Melayu {n}", "31.75.03.1001",
                    "kabupaten_kota", 24, 16, ("Ruang Putra", "Ruang Putri"), address="Jl. Jatinegara Barat No. 140",
                    numbered=False),
    InstitutionPlan(CHILDREN, "Panti Sosial Asuhan Anak Putra Utama {n}", "PSAA PU {n}", "31.74.01.1002",
                    "provinsi", 60, 40, ("Asrama Putra", "Asrama Putri"), address="Jl. Tebet Barat Dalam No. 5"),
    InstitutionPlan(TODDLERS, "Panti Sosial Asuhan Anak Balita Tunas Bangsa {n}", "PSAA Balita {n}",
                    "31.75.10.1001", "provinsi", 30, 30, ("Ruang Balita Putra", "Ruang Balita Putri"),
                    address="Jl. Bina Marga No. 18, Cipayung"),
    InstitutionPlan(ELDERLY, "Panti Sosial Tresna Werdha Budi Mulia {n}", "PSTW BM {n}", "31.75.10.1006",
                    "provinsi", 90, 110, address="Jl. Bambu Apus Raya No. 3, Cipayung"),
    InstitutionPlan(WOMEN, "Panti Sosial Karya Wanita Mulya Jaya {n}", "PSKW MJ {n}", "31.75.05.1003",
                    "provinsi", 0, 110, ("Asrama Putra", "Asrama Putri"),
                    address="Jl. Tat Twam Asi No. 47, Pasar Rebo"),
    InstitutionPlan(GEPENG, "Panti Sosial Bina Karya Harapan Mulia {n}", "PSBK HM {n}", "31.73.01.1006",
                    "provinsi", 140, 60, address="Jl. Kamal Raya, Cengkareng Timur"),
    InstitutionPlan(MENTAL, "Panti Sosial Bina Laras Harapan Sentosa {n}", "PSBL HS {n}", "31.73.01.1001",
                    "provinsi", 110, 90, address="Jl. Daan Mogot Km. 13, Cengkareng"),
    InstitutionPlan(DISABILITY, "Panti Sosial Bina Daksa Budi Bhakti {n}", "PSBD BB {n}", "31.75.04.1006",
                    "provinsi", 50, 40, address="Jl. Raya Bogor Km. 19, Kramat Jati"),
    InstitutionPlan(PESANTREN, "Pondok Pesantren Darul Ulum Sukamaju {n}", "PP Darul Ulum {n}", "32.01.06.2001",
                    "lks", 40, 30, ("Asrama Santri Putra", "Asrama Santri Putri"), is_partner=True,
                    address="Kp. Sukamaju RT 02/RW 04, Cibinong, Bogor", phone="(0251) 865 1234", numbered=False),
    InstitutionPlan(LKSA, "LKSA Panti Asuhan Yatim Piatu Al-Hikmah {n}", "LKSA Al-Hikmah {n}", "32.76.01.1007",
                    "lks", 30, 30, ("Kamar Putra", "Kamar Putri"), is_partner=True,
                    address="Jl. Nusantara Raya No. 12, Depok Jaya", phone="(021) 775 4321", numbered=False),
)  # fmt: skip

# Share of the in-care target each kind holds beds for (open stays by kind measured on a 20,000-resident run).
BED_SHARE: dict[str, float] = {
    RECEPTION: 0.025, SHELTER: 0.005, CHILDREN: 0.17, TODDLERS: 0.07, ELDERLY: 0.30, WOMEN: 0.04,
    GEPENG: 0.10, MENTAL: 0.045, DISABILITY: 0.105, PESANTREN: 0.06, LKSA: 0.08,
}  # fmt: skip
BEDS_PER_ROOM = 16

# How people reach a panti (referral_source codes); a transfer always comes from another institution.
REFERRAL_WEIGHTS: dict[str, float] = {
    "PENERTIBAN": 30, "PENJANGKAUAN": 25, "MASYARAKAT": 15, "KEPOLISIAN": 10, "INSTANSI": 5, "RUMAH_SAKIT": 4,
    "DINSOS_LAIN": 4, "KELUARGA": 4, "DATANG_SENDIRI": 3,
}  # fmt: skip
TRANSFER_REFERRAL = "LEMBAGA_LAIN"
# Sources that come with a letter (surat pengantar / surat keterangan), and how its number looks.
REFERRAL_LETTERS: dict[str, str] = {
    "KEPOLISIAN": "ST/{n}/{roman}/{year}/Sek",
    "RUMAH_SAKIT": "445/{n}/RS/{roman}/{year}",
    "INSTANSI": "400.9/{n}/Kec/{year}",
    "DINSOS_LAIN": "400.9.4/{n}/Dinsos/{year}",
    "LEMBAGA_LAIN": "400.9.4/{n}/UPT/{year}",
}
