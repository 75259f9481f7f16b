"""The demo resident factory: one synthetic person at a time — name, identity, origin, categories and stays."""

from __future__ import annotations

import re
import uuid
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import accumulate
from random import Random
from typing import Any

from kesos_desktop.core.services import demo_data as d

HISTORY_DAYS = 6 * 365
# Planned number of stays per resident (1..5); the timeline ends today, so the realised mean is a little lower.
STAY_COUNT_WEIGHTS = (5, 12, 25, 29, 29)
# Share of all residents still in care, and the chance a stay running past today stays open (tuned so the two
# agree: about 26% of residents have a stay that runs past today).
IN_CARE_TARGET = 0.075
OPEN_CHANCE = 0.3
NIK_SHARE = 0.70
KK_SHARE_WITH_NIK = 0.45
KK_SHARE_WITHOUT_NIK = 0.06
BIRTH_UNKNOWN_SHARE_OF_UNNAMED = 0.3
MOBILE_PREFIXES = ("11", "12", "13", "21", "52", "57", "77", "78", "95", "96")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def registration_number(year: int, value: int) -> str:
    """The registration number (nomor registrasi) shown on files and prints, from a per-office yearly sequence."""
    return f"WB-{year}-{value:06d}"


def unknown_name(year: int, value: int) -> str:
    """The placeholder full name of someone whose name is not known yet."""
    return f"{d.UNKNOWN_NAME} {year}-{value:04d}"


class _Pick:
    """Weighted choice with the cumulative weights computed once (``random.choices`` recomputes them per call)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, weighted: dict[Any, float] | Sequence[tuple[Any, float]]) -> None:
        pairs = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
        pairs = [(k, w) for k, w in pairs if w > 0]
        if not pairs:
            raise ValueError("nothing to choose from")
        self.items = [k for k, _w in pairs]
        self.cum = list(accumulate(w for _k, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total)]


# ----------------------------------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class _RegionLists:
    desa_by_province: dict[str, list[str]]
    kecamatan_by_province: dict[str, list[str]]
    names: dict[str, str]  # kab/kota and desa names


_KAB_PREFIX = re.compile(r"^(?:Kabupaten|Kota)(?: Administrasi)? ")


@cache
def _region_lists() -> _RegionLists:
    """Every current desa and kecamatan code by province, read straight from wilayah.csv (much faster than
    building Region objects for 83,762 desa)."""
    from kesos_desktop.core.resources import resource_path

    desa: dict[str, list[str]] = {}
    kec: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    text = resource_path("data", "wilayah.csv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        code, _sep, name = line.partition(",")
        if len(code) == 13:
            desa.setdefault(code[:2], []).append(code)
            names[code] = name.strip().strip('"')
        elif len(code) == 8:
            kec.setdefault(code[:2], []).append(code)
        elif len(code) == 5:
            names[code] = name.strip().strip('"')
    return _RegionLists(desa, kec, names)


def bare_regency_name(name: str) -> str:
    """``"Kota Administrasi Jakarta Pusat"`` -> ``"Jakarta Pusat"``, as written for a birth place."""
    return _KAB_PREFIX.sub("", name)


# ---------------------------------------------------------------------------------------------- references


@dataclass(frozen=True)
class InstitutionRef:
    id: uuid.UUID
    name: str
    kind: str
    max_stay_days: int | None


@dataclass
class Refs:
    """What the factory needs from the database: reference codes, institutions by kind and free beds."""

    office_id: uuid.UUID
    categories: dict[str, tuple[int | None, int | None]]
    exit_reasons: dict[str, tuple[bool, bool, bool]]  # requires destination, target institution, text
    referral_codes: set[str]
    institutions: dict[str, list[InstitutionRef]]
    # (institution id, sex) -> free (room id, bed id), popped from the end when a stay is left open.
    free_beds: dict[tuple[uuid.UUID, str], list[tuple[uuid.UUID, uuid.UUID]]] = field(default_factory=dict)
    used_beds: set[uuid.UUID] = field(default_factory=set)


def _age_at(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Batch:
    """Rows for one chunk, in insert order (a transfer's previous stay comes before it)."""

    persons: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    stays: list[dict[str, Any]] = field(default_factory=list)
    with_nik: int = 0
    open_stays: int = 0


@dataclass
class _Stay:
    institution: InstitutionRef
    admitted: date
    exited: date | None
    reason: str | None
    previous: uuid.UUID | None
    readmission: bool
    transfer: bool
    id: uuid.UUID
    room_id: uuid.UUID | None = None
    bed_id: uuid.UUID | None = None


class ResidentFactory:
    """Makes residents in order of first admission, so registration numbers follow the admission dates."""

    def __init__(
        self,
        rng: Random,
        refs: Refs,
        *,
        today: date,
        total: int,
        existing_niks: set[str],
        existing_numbers: set[str],
        last_numbers: dict[int, int],
    ) -> None:
        self.rng = rng
        # UUIDs need not repeat per seed (two demo databases must never share ids), only be fast to make.
        self.id_rng = Random()
        self.refs = refs
        self.today = today
        self.total = max(total, 1)
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.niks = existing_niks
        self.numbers = existing_numbers
        self.last_numbers = last_numbers
        self.nik_serials: dict[str, int] = {}
        self.regions = _region_lists()
        self.labels: dict[str, str] = {}
        self._setup_profiles()
        self._setup_origins()
        self.stay_count = _Pick(list(zip(range(1, 6), STAY_COUNT_WEIGHTS, strict=True)))
        self.exit_picks = {
            kind: _Pick({c: w for c, w in weights.items() if c in refs.exit_reasons})
            for kind, weights in d.EXIT_WEIGHTS.items()
        }
        self.referral = (
            _Pick({c: w for c, w in d.REFERRAL_WEIGHTS.items() if c in refs.referral_codes})
            if any(c in refs.referral_codes for c in d.REFERRAL_WEIGHTS)
            else None
        )
        self.can_transfer = d.TRANSFER_REASON in refs.exit_reasons

    # ----------------------------------------------------------------------------------------------- setup

    def _setup_profiles(self) -> None:
        cats = self.refs.categories
        profiles = [p for p in d.PROFILES if p.category in cats]
        if not profiles:
            raise ValueError("no demo profile fits the categories in this database")
        # Scale each profile's NIK rate so that about NIK_SHARE of all residents have one.
        total_w = sum(p.weight for p in profiles)
        share = sum(p.weight * p.nik_rate * (1 - p.unknown_name_rate) for p in profiles) / total_w
        self.nik_scale = NIK_SHARE / share
        self.profile = _Pick([(p, p.weight) for p in profiles])
        self.kind_picks: dict[tuple[tuple[str, float], ...], _Pick] = {}

    def _setup_origins(self) -> None:
        rng, lists = self.rng, self.regions
        weights = {p: d.ORIGIN_PROVINCE_WEIGHTS.get(p, d.OTHER_PROVINCE_WEIGHT) for p in sorted(lists.desa_by_province)}
        total = sum(weights.values())
        # A few thousand villages people come from (they cluster in real life), sampled once per run.
        pool_size = min(4000, max(300, self.total // 10))
        self.origin_pool: dict[str, list[str]] = {}
        for prov, weight in weights.items():
            desa = lists.desa_by_province[prov]
            k = min(len(desa), max(3, round(pool_size * weight / total)))
            self.origin_pool[prov] = sorted(rng.sample(desa, k))
        self.origin_province = _Pick(weights)

    def _kinds(self, options: tuple[tuple[str, float], ...]) -> str:
        pick = self.kind_picks.get(options)
        if pick is None:
            pick = self.kind_picks[options] = _Pick(options)
        return pick(self.rng)

    # ------------------------------------------------------------------------------------------- helpers

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.id_rng.getrandbits(128), version=4)

    def _label(self, code: str) -> str:
        label = self.labels.get(code)
        if label is None:
            from kesos_desktop.core.reference.regions import full_label

            label = self.labels[code] = full_label(code)
        return label

    def _next_number(self, year: int) -> tuple[str, int]:
        value = self.last_numbers.get(year, 0)
        while True:
            value += 1
            number = registration_number(year, value)
            if number not in self.numbers:
                self.last_numbers[year] = value
                return number, value

    def _name(self, sex: str, age: int) -> str:
        rng = self.rng
        first = d.MALE_FIRST if sex == "L" else d.FEMALE_FIRST
        last = d.MALE_LAST if sex == "L" else d.FEMALE_LAST
        r = rng.random()
        if r < 0.3:
            name = rng.choice(first)
        elif r < 0.8:
            name = f"{rng.choice(first)} {rng.choice(last)}"
        elif r < 0.92:
            name = f"{rng.choice(first)} {rng.choice(first)}"
        else:
            name = f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
        if age >= 55 and rng.random() < 0.05:  # hajj title, the only one common among residents
            name = ("H. " if sex == "L" else "Hj. ") + name
        return name

    def _nik(self, kecamatan: str, born: date, sex: str) -> str | None:
        day = born.day + (40 if sex == "P" else 0)
        key = f"{kecamatan.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}"
        serial = self.nik_serials.get(key)
        serial = self.rng.randint(1, 40) if serial is None else serial + 1
        while serial <= 9999:
            nik = f"{key}{serial:04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                self.nik_serials[key] = serial
                return nik
            serial += 1
        return None

    def _kk(self, kecamatan: str, born: date) -> str:
        rng = self.rng
        first = max(date(2005, 1, 1), born).toordinal()
        last = self.today.toordinal() - 30
        recorded = date.fromordinal(rng.randint(min(first, last), last))
        return (
            f"{kecamatan.replace('.', '')}{recorded.day:02d}{recorded.month:02d}{recorded.year % 100:02d}"
            f"{rng.randint(1, 9999):04d}"
        )

    def _education(self, age: int, street: bool) -> str:
        rng = self.rng
        if age < 7:
            return d.EDUCATION_NONE
        if age < 18:
            if street and rng.random() < 0.35:
                return d.EDUCATION_BY_LEVEL[rng.choice((0, 1))]
            level = 1 if age < 13 else (2 if age < 16 else 3)
            return d.EDUCATION_BY_LEVEL[max(0, level - (rng.random() < 0.3))]
        return d.EDUCATION_BY_LEVEL[rng.choices(range(7), weights=d.ADULT_EDUCATION_WEIGHTS)[0]]

    def _marital(self, age: int) -> str:
        if age < 18:
            return d.SINGLE
        r = self.rng.random()
        if age < 26:
            return d.SINGLE if r < 0.7 else (d.MARRIED if r < 0.9 else d.DIVORCED)
        if age < 60:
            return d.SINGLE if r < 0.35 else (d.MARRIED if r < 0.75 else (d.DIVORCED if r < 0.95 else d.WIDOWED))
        return d.SINGLE if r < 0.1 else (d.MARRIED if r < 0.4 else (d.DIVORCED if r < 0.55 else d.WIDOWED))

    def _religion(self, province: str) -> str:
        weights = d.RELIGION_WEIGHTS_BY_PROVINCE.get(province, d.DEFAULT_RELIGION_WEIGHTS)
        return self.rng.choices(d.RELIGIONS, weights=weights)[0]

    def _age_range(self, profile: d.Profile, exact: bool) -> tuple[int, int]:
        lo, hi = profile.age
        cat_lo, cat_hi = self.refs.categories[profile.category]
        if cat_lo is not None:
            lo = max(lo, cat_lo)
        if cat_hi is not None:
            # A date kept only to the year (1 January) can make someone up to a year older: stay a year inside.
            hi = min(hi, cat_hi - (0 if exact else 1))
        return (lo, hi) if lo <= hi else profile.age

    def _fits(self, code: str, born: date | None, on: date) -> bool:
        limits = self.refs.categories.get(code)
        if limits is None:
            return False
        if born is None:
            return True
        age = _age_at(born, on)
        lo, hi = limits
        return (lo is None or age >= lo) and (hi is None or age <= hi)

    # ------------------------------------------------------------------------------------------- resident

    def make(self, index: int, batch: Batch) -> None:
        """Add resident number ``index`` (0-based, in admission order) with categories and stays to ``batch``."""
        rng = self.rng
        profile: d.Profile = self.profile(rng)
        sex = "L" if rng.random() < profile.male_share else "P"
        first_day = self.start.toordinal() + int((index + rng.random()) * HISTORY_DAYS / self.total)
        admitted = date.fromordinal(min(first_day, self.today.toordinal()))

        unnamed = rng.random() < profile.unknown_name_rate
        has_nik = not unnamed and rng.random() < min(0.98, profile.nik_rate * self.nik_scale)
        if has_nik:
            precision = "exact"
        else:
            r = rng.random()
            precision = "exact" if r < 0.35 else ("month" if r < 0.45 else ("year" if r < 0.75 else "estimated"))
        age_lo, age_hi = self._age_range(profile, precision == "exact")
        age = rng.randint(age_lo, age_hi)
        latest = _years_before(admitted, age)
        earliest = _years_before(admitted, age + 1) + timedelta(days=1)
        born = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        stored_born: date | None = born
        if precision in ("year", "estimated"):
            stored_born = date(born.year, 1, 1)
        elif precision == "month":
            stored_born = born.replace(day=1)
        if unnamed and rng.random() < BIRTH_UNKNOWN_SHARE_OF_UNNAMED:
            stored_born, precision = None, "estimated"

        province = self.origin_province(rng)
        origin = rng.choice(self.origin_pool[province])
        kecamatan = origin[:8]
        regency = origin[:5]
        number, value = self._next_number(admitted.year)
        person_id = self._uuid()

        nik = None
        if has_nik:
            nik_kec = kecamatan
            if rng.random() < 0.15:  # NIK issued where the person lived before (it never changes after a move)
                nik_kec = rng.choice(self.regions.kecamatan_by_province[self.origin_province(rng)])
            nik = self._nik(nik_kec, born, sex)
            batch.with_nik += nik is not None
        street = profile.key in ("anak_jalanan", "gelandangan", "pengemis", "odgj")
        if unnamed:
            full_name = unknown_name(admitted.year, value)
            alias_pool = d.MALE_ALIASES if sex == "L" else d.FEMALE_ALIASES
            alias = rng.choice(alias_pool) if rng.random() < 0.7 else ""
        else:
            full_name = self._name(sex, age)
            alias = ""
            if rng.random() < profile.alias_rate:
                alias = rng.choice(d.MALE_ALIASES if sex == "L" else d.FEMALE_ALIASES)
        no_kk = None
        if rng.random() < (KK_SHARE_WITH_NIK if nik else KK_SHARE_WITHOUT_NIK):
            no_kk = self._kk(kecamatan, born)
        address = ""
        if not unnamed and rng.random() < (0.3 if street else 0.65):
            address = (
                f"{rng.choice(('Jl.', 'Gg.', 'Kp.'))} {rng.choice(d.STREETS)} No. {rng.randint(1, 150)}, "
                f"RT {rng.randint(1, 15):03d}/RW {rng.randint(1, 12):03d}"
            )
        phone = ""
        if age >= 17 and not unnamed and rng.random() < 0.25:
            phone = f"08{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99999999):08d}"
        health = ""
        if rng.random() < profile.health_rate:
            health = rng.choice(d.MENTAL_HEALTH_NOTES if profile.mental else d.HEALTH_NOTES)
        disability = rng.choice(d.DISABILITY_NOTES) if rng.random() < profile.disability_rate else ""
        created = datetime(admitted.year, admitted.month, admitted.day, 1 + rng.randint(0, 8), rng.randint(0, 59))
        created = created.replace(tzinfo=UTC)

        stays = self._stays(profile, sex, born, admitted, batch)
        last_day = max(s.exited or s.admitted for s in stays)
        categories = self._categories(profile, stored_born, admitted, stays, person_id)
        batch.categories.extend(categories)
        batch.persons.append(
            {
                "id": person_id,
                "office_id": self.refs.office_id,
                "registration_no": number,
                "full_name": full_name,
                "alias": alias,
                "name_unknown": unnamed,
                "sex": sex,
                "birth_date": stored_born,
                "birth_date_precision": precision,
                "birth_place": "" if unnamed else self._birth_place(regency),
                "nik": nik,
                "nik_absent_reason": "" if nik else self._absent_reason(age),
                "no_kk": no_kk,
                "religion": "" if unnamed and rng.random() < 0.5 else self._religion(province),
                "education": "" if unnamed else self._education(age, street),
                "marital_status": "" if unnamed else self._marital(age),
                "origin_region_code": "" if unnamed and rng.random() < 0.6 else origin,
                "origin_region_name": "",
                "origin_address": address,
                "phone": phone,
                "health_notes": health,
                "disability_notes": disability,
                "merged_into_id": None,
                "created_at": created,
                "updated_at": datetime(last_day.year, last_day.month, last_day.day, 3, tzinfo=UTC),
                "version_id": 1,
            }
        )
        person = batch.persons[-1]
        if person["origin_region_code"]:
            person["origin_region_name"] = self._label(origin)
        for i, stay in enumerate(stays):
            next_name = stays[i + 1].institution.name if i + 1 < len(stays) else ""
            batch.stays.append(self._stay_row(stay, person_id, origin, regency, next_name))

    def _birth_place(self, regency: str) -> str:
        rng = self.rng
        if rng.random() < 0.8:
            return bare_regency_name(self.regions.names.get(regency, ""))
        prov = self.origin_province(rng)
        other = rng.choice(self.origin_pool[prov])[:5]
        return bare_regency_name(self.regions.names.get(other, ""))

    def _absent_reason(self, age: int) -> str:
        reasons = d.NIK_ABSENT_REASONS_CHILD if age < 17 else d.NIK_ABSENT_REASONS_ADULT
        return self.rng.choices([r for r, _w in reasons], weights=[w for _r, w in reasons])[0]

    def _categories(
        self, profile: d.Profile, born: date | None, since: date, stays: list[_Stay], person_id: uuid.UUID
    ) -> list[dict[str, Any]]:
        rng = self.rng
        rows = [{"person_id": person_id, "category_code": profile.category, "since": since, "until": None, "note": ""}]
        second = profile.second_category
        if second and rng.random() < profile.second_rate and self._fits(second, born, since):
            rows.append({"person_id": person_id, "category_code": second, "since": since, "until": None, "note": ""})
        adult = profile.adult_category
        if adult and born is not None and adult in self.refs.categories:
            # A street child seen again as an adult is recorded as gelandangan from the birthday that made them one.
            lo = self.refs.categories[adult][0] or 18
            became = _years_before(born, -max(lo, 18))
            if became <= stays[-1].admitted and became <= self.today and self._fits(adult, born, became):
                for row in rows:
                    row["until"] = became - timedelta(days=1)
                rows.append(
                    {"person_id": person_id, "category_code": adult, "since": became, "until": None, "note": ""}
                )
        return rows

    def _stays(self, profile: d.Profile, sex: str, born: date, first: date, batch: Batch) -> list[_Stay]:
        rng, today = self.rng, self.today
        planned = self.stay_count(rng)
        stays: list[_Stay] = []
        day = first
        kind = self._kinds(profile.first_kinds)
        previous: _Stay | None = None
        transfer = False
        for number in range(planned):
            adult = _age_at(born, day) >= 18
            if adult and profile.age[1] < 18 and kind in (d.CHILDREN, d.TODDLERS, d.PESANTREN, d.LKSA):
                kind = d.GEPENG if transfer else d.RECEPTION
            institution = rng.choice(self.refs.institutions[kind])
            low, high = d.STAY_DAYS[kind]
            length = rng.randint(low, high)
            if institution.max_stay_days:
                length = min(length, institution.max_stay_days)
            stay = _Stay(
                institution=institution,
                admitted=day,
                exited=None,
                reason=None,
                previous=previous.id if previous is not None and transfer else None,
                readmission=previous is not None and not transfer,
                transfer=transfer,
                id=self._uuid(),
            )
            stays.append(stay)
            end = day + timedelta(days=length)
            last = number == planned - 1
            if end >= today:
                if rng.random() < OPEN_CHANCE and self._take_bed(stay, kind, sex):
                    batch.open_stays += 1
                    return stays
                # Not in care any more: the stay ended some day between admission and today.
                end = date.fromordinal(rng.randint(day.toordinal(), today.toordinal()))
                last = True
            stay.exited = end
            if not last and self.can_transfer and rng.random() < d.TRANSFER_CHANCE.get(kind, d.DEFAULT_TRANSFER_CHANCE):
                stay.reason = d.TRANSFER_REASON
                transfer = True
                kind = self._kinds(profile.follow_kinds)
                day = end
            else:
                stay.reason = self._exit_reason(kind, born, end, last)
                if stay.reason in d.FINAL_ONLY_REASONS:
                    return stays
                transfer = False
                gap = rng.randint(7, 120) if stay.reason == "KABUR" else rng.randint(30, 400)
                day = end + timedelta(days=gap)
                kind = self._kinds(profile.first_kinds)
            previous = stay
            if day > today:
                break
        return stays

    def _exit_reason(self, kind: str, born: date, on: date, last: bool) -> str | None:
        pick = self.exit_picks.get(kind)
        if pick is None:
            return None
        for _attempt in range(10):
            reason = pick(self.rng)
            if reason in d.FINAL_ONLY_REASONS and not last:
                continue
            if reason == "USIA" and _age_at(born, on) < 17:
                continue
            return reason
        return "REUNIFIKASI" if "REUNIFIKASI" in self.refs.exit_reasons else None

    def _take_bed(self, stay: _Stay, kind: str, sex: str) -> bool:
        """Give an open stay a free bed in a room for the person's sex: in its institution, else one of its kind."""
        pools, used = self.refs.free_beds, self.refs.used_beds
        candidates = [stay.institution] if pools.get((stay.institution.id, sex)) else []
        if not candidates:
            candidates = [i for i in self.refs.institutions[kind] if pools.get((i.id, sex))]
        while candidates:
            institution = self.rng.choice(candidates)
            beds = pools[(institution.id, sex)]
            while beds:
                room_id, bed_id = beds.pop()
                if bed_id not in used:
                    used.add(bed_id)
                    stay.institution, stay.room_id, stay.bed_id = institution, room_id, bed_id
                    return True
            candidates.remove(institution)
        return False

    def _destination(self, reason: str | None, origin: str, regency: str, next_name: str) -> tuple[str, str]:
        """Exit destination and note for a reason; only what a worker would really write."""
        rng, names = self.rng, self.regions.names
        if reason is None:
            return "", ""
        regency_name = names.get(regency, "")
        destination, note = "", ""
        if reason == "DIPULANGKAN":
            destination = f"Dinas Sosial {regency_name}" if regency_name else "Daerah asal"
        elif reason == "REUNIFIKASI":
            desa = names.get(origin, "")
            destination = f"Keluarga di {desa}, {bare_regency_name(regency_name)}" if desa else "Keluarga"
        elif reason == "DIRUJUK":
            destination = next_name
        elif reason == "BEKERJA":
            destination = rng.choice(d.WORK_PLACES)
        elif reason == "PENGASUHAN":
            destination = note = rng.choice(d.FOSTER_PLACES)
        elif reason == "MENINGGAL":
            note = rng.choice(d.BURIAL_PLACES)
        elif reason == "PERMINTAAN":
            destination = rng.choice(("Dijemput keluarga", "Pulang atas permintaan sendiri"))
        elif reason == "SELESAI":
            destination = rng.choice(("Kembali ke masyarakat", "Mandiri", "Kembali ke keluarga"))
        elif reason == "USIA":
            destination = rng.choice(("Panti Sosial Bina Remaja Taruna Jaya", "Kembali ke keluarga", "Mandiri"))
        elif reason == "LAINNYA":
            note = rng.choice(d.OTHER_EXIT_NOTES)
        needs_destination, _needs_target, needs_text = self.refs.exit_reasons.get(reason, (False, False, False))
        if needs_destination and not destination:
            destination = "Keluarga"
        if needs_text and not note:
            note = destination or "Keterangan tidak tercatat"
        return destination, note

    def _stay_row(self, stay: _Stay, person_id: uuid.UUID, origin: str, regency: str, next_name: str) -> dict[str, Any]:
        rng = self.rng
        source = None
        letter_no, letter_date = "", None
        if stay.transfer and d.TRANSFER_REFERRAL in self.refs.referral_codes:
            source = d.TRANSFER_REFERRAL
        elif self.referral is not None:
            source = self.referral(rng)
        template = d.REFERRAL_LETTERS.get(source or "")
        if template and rng.random() < 0.8:
            letter_date = stay.admitted - timedelta(days=rng.randint(0, 3))
            letter_no = template.format(
                n=rng.randint(1, 999), roman=ROMAN[letter_date.month - 1], year=letter_date.year
            )
        # A referral (DIRUJUK) names the institution of the next, linked stay.
        destination, note = self._destination(stay.reason, origin, regency, next_name)
        created = datetime(stay.admitted.year, stay.admitted.month, stay.admitted.day, 2, tzinfo=UTC)
        updated = stay.exited or stay.admitted
        return {
            "id": stay.id,
            "person_id": person_id,
            "institution_id": stay.institution.id,
            "room_id": stay.room_id,
            "bed_id": stay.bed_id,
            "admitted_on": stay.admitted,
            "referral_source_code": source,
            "referral_letter_no": letter_no,
            "referral_letter_date": letter_date,
            "is_readmission": stay.readmission,
            "previous_stay_id": stay.previous,
            "exited_on": stay.exited,
            "exit_reason_code": stay.reason,
            "exit_destination": destination,
            "exit_note": note,
            "created_at": created,
            "updated_at": datetime(updated.year, updated.month, updated.day, 4, tzinfo=UTC),
            "version_id": 1,
        }
