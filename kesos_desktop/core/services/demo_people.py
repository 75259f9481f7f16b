"""The demo resident factory: one synthetic person at a time — identity, origin, categories, stays, timeline."""

from __future__ import annotations

import uuid
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from random import Random
from typing import Any

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.services import demo_data as d
from kesos_desktop.core.services.demo_places import BedRef, InstitutionRef, Refs, bare_regency_name, region_lists
from kesos_desktop.core.services.demo_write import Codec
from kesos_desktop.core.services.residents_identity import format_registration_number, placeholder_name

HISTORY_DAYS = 6 * 365
# Planned number of stays per resident (1..5); the timeline ends today, so about 3.0 are realised.
STAY_COUNT_WEIGHTS = (3, 9, 22, 31, 35)
# About 40% of residents have a stay that runs past today; leaving 0.18 of those stays open puts 6-9% in care
# (measured on 1,200 to 100,000 residents, where free beds also limit it); demo_places sizes the beds.
OPEN_CHANCE = 0.18
NIK_SHARE = 0.70
KK_SHARE_WITH_NIK = 0.45
KK_SHARE_WITHOUT_NIK = 0.06
BIRTH_UNKNOWN_SHARE_OF_UNNAMED = 0.3
MOBILE_PREFIXES = ("11", "12", "13", "21", "52", "57", "77", "78", "95", "96")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
STREET_PROFILES = frozenset({"anak_jalanan", "gelandangan", "pengemis", "odgj"})
CHILD_KINDS = frozenset({d.CHILDREN, d.TODDLERS, d.PESANTREN, d.LKSA})

PERSON_COLUMNS = (
    "id", "office_id", "registration_no", "full_name", "alias", "name_unknown", "sex", "birth_date",
    "birth_date_precision", "birth_place", "nik", "nik_absent_reason", "no_kk", "religion", "education",
    "marital_status", "origin_region_code", "origin_region_name", "origin_address", "phone", "health_notes",
    "disability_notes", "name_key", "in_care", "current_institution_id", "last_admitted_on", "last_exited_on",
    "stay_count", "merged_into_id", "created_at", "updated_at", "version_id",
)  # fmt: skip
CATEGORY_COLUMNS = ("person_id", "category_code", "since", "until", "note")
STAY_COLUMNS = (
    "id", "person_id", "institution_id", "room_id", "bed_id", "admitted_on", "referral_source_code",
    "referral_letter_no", "referral_letter_date", "is_readmission", "previous_stay_id", "exited_on",
    "exit_reason_code", "exit_target_institution_id", "exit_destination", "exit_note", "created_at", "updated_at",
    "version_id",
)  # fmt: skip
EVENT_COLUMNS = ("person_id", "occurred_on", "recorded_at", "kind", "summary", "ref_entity", "ref_id", "recorded_by")
_REG = PERSON_COLUMNS.index("registration_no")
_SEARCHED = tuple(PERSON_COLUMNS.index(c) for c in ("id", "full_name", "alias", "registration_no", "nik", "no_kk"))


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


def age_at(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Batch:
    """Rows for one chunk as tuples in the *_COLUMNS order; a transfer's previous stay comes before it."""

    persons: list[tuple[Any, ...]] = field(default_factory=list)
    categories: list[tuple[Any, ...]] = field(default_factory=list)
    stays: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    with_nik: int = 0
    open_stays: int = 0

    @property
    def first_number(self) -> str:
        return self.persons[0][_REG] if self.persons else ""

    @property
    def last_number(self) -> str:
        return self.persons[-1][_REG] if self.persons else ""

    def search_rows(self) -> list[tuple[Any, ...]]:
        """(id, full_name, alias, registration_no, nik, no_kk) per person, as services.search_index takes them."""
        pid, name, alias, reg, nik, kk = _SEARCHED
        return [
            (row[pid] if isinstance(row[pid], uuid.UUID) else uuid.UUID(row[pid]), row[name], row[alias], row[reg],
             row[nik], row[kk])
            for row in self.persons
        ]  # fmt: skip


@dataclass
class _Stay:
    institution: InstitutionRef
    admitted: date
    previous: Any
    readmission: bool
    id: Any
    exited: date | None = None
    reason: str | None = None
    bed: BedRef | None = None


@dataclass(frozen=True)
class _Texts:
    """Timeline sentences, translated once (the same msgids the stay and resident services write)."""

    registered: str = field(default_factory=lambda: _("Terdaftar dengan nomor registrasi {reg}"))
    admitted: str = field(default_factory=lambda: _("Diterima di {place}."))
    readmitted: str = field(default_factory=lambda: _("Diterima kembali di {place} (penerimaan ke-{n})."))
    transferred: str = field(default_factory=lambda: _("Dirujuk dari {old} ke {new}: {reason}"))
    exited_to: str = field(default_factory=lambda: _("Keluar dari {institution}: {reason}; tujuan {destination}."))
    exited: str = field(default_factory=lambda: _("Keluar dari {institution}: {reason}."))
    bed_place: str = field(default_factory=lambda: _("{institution}, kamar {room}, tempat tidur {bed}"))


class ResidentFactory:
    """Makes residents in order of first admission, so registration numbers follow the admission dates."""

    def __init__(
        self,
        rng: Random,
        refs: Refs,
        codec: Codec,
        *,
        today: date,
        total: int,
        recorded_by: str,
        existing_niks: set[str],
        existing_numbers: set[str],
        last_numbers: dict[int, int],
    ) -> None:
        self.rng = rng
        self.refs = refs
        self.codec = codec
        self.today = today
        self.total = max(total, 1)
        self.recorded_by = recorded_by
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.niks = existing_niks
        self.numbers = existing_numbers
        self.last_numbers = last_numbers
        self.nik_serials: dict[str, int] = {}
        self.regions = region_lists()
        self.labels: dict[str, str] = {}
        self.texts = _Texts()
        self._setup_profiles()
        self._setup_origins()
        self.stay_count = _Pick(list(zip(range(1, 6), STAY_COUNT_WEIGHTS, strict=True)))
        self.exit_picks = {
            kind: _Pick(known)
            for kind, weights in d.EXIT_WEIGHTS.items()
            if (known := {c: w for c, w in weights.items() if c in refs.exit_reasons})
        }
        referral = {c: w for c, w in d.REFERRAL_WEIGHTS.items() if c in refs.referral_codes}
        self.referral = _Pick(referral) if referral else None
        self.can_transfer = d.TRANSFER_REASON in refs.exit_reasons
        self.kind_picks: dict[tuple[tuple[str, float], ...], _Pick] = {}

    # ----------------------------------------------------------------------------------------------- setup

    def _setup_profiles(self) -> None:
        profiles = [p for p in d.PROFILES if p.category in self.refs.categories]
        if not profiles:
            message = _("Kategori PPKS yang dipakai data contoh tidak ada atau tidak aktif. Periksa Data Referensi.")
            raise ValidationError(message, {"categories": message})
        # Scale each profile's NIK rate so that about NIK_SHARE of all residents have one.
        total_w = sum(p.weight for p in profiles)
        share = sum(p.weight * p.nik_rate * (1 - p.unknown_name_rate) for p in profiles) / total_w
        self.nik_scale = NIK_SHARE / share
        self.profile = _Pick([(p, p.weight) for p in profiles])

    def _setup_origins(self) -> None:
        rng, lists = self.rng, self.regions
        provinces = sorted(lists.desa_by_province)
        weights = {p: d.ORIGIN_PROVINCE_WEIGHTS.get(p, d.OTHER_PROVINCE_WEIGHT) for p in provinces}
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

    def _int(self, low: int, high: int) -> int:
        """Like ``randint`` (both ends included), about three times faster; it is called millions of times."""
        return low + int(self.rng.random() * (high - low + 1))

    def _one(self, items: Sequence[Any]) -> Any:
        return items[int(self.rng.random() * len(items))]

    def _label(self, code: str) -> str:
        label = self.labels.get(code)
        if label is None:
            from kesos_desktop.core.reference.regions import full_label

            label = self.labels[code] = full_label(code)
        return label

    def _next_number(self, year: int) -> str:
        value = self.last_numbers.get(year, 0)
        while True:
            value += 1
            number = format_registration_number(year, value)
            if number not in self.numbers:
                self.last_numbers[year] = value
                return number

    def _name(self, sex: str, age: int) -> str:
        rng = self.rng
        first = d.MALE_FIRST if sex == "L" else d.FEMALE_FIRST
        last = d.MALE_LAST if sex == "L" else d.FEMALE_LAST
        r = rng.random()
        if r < 0.3:
            name = self._one(first)
        elif r < 0.8:
            name = f"{self._one(first)} {self._one(last)}"
        elif r < 0.92:
            name = f"{self._one(first)} {self._one(first)}"
        else:
            name = f"{self._one(first)} {self._one(first)} {self._one(last)}"
        if age >= 55 and rng.random() < 0.05:  # the hajj title, the only one common among residents
            name = ("H. " if sex == "L" else "Hj. ") + name
        return name

    def _nik(self, kecamatan: str, born: date, sex: str) -> str | None:
        day = born.day + (40 if sex == "P" else 0)
        key = f"{kecamatan.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}"
        serial = self.nik_serials.get(key)
        serial = self._int(1, 40) if serial is None else serial + 1
        while serial <= 9999:
            nik = f"{key}{serial:04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                self.nik_serials[key] = serial
                return nik
            serial += 1
        return None

    def _kk(self, kecamatan: str, born: date) -> str:
        first = max(date(2005, 1, 1), born).toordinal()
        last = self.today.toordinal() - 30
        recorded = date.fromordinal(self._int(min(first, last), last))
        return (
            f"{kecamatan.replace('.', '')}{recorded.day:02d}{recorded.month:02d}{recorded.year % 100:02d}"
            f"{self._int(1, 9999):04d}"
        )

    def _education(self, age: int, street: bool) -> str:
        rng = self.rng
        if age < 7:
            return d.EDUCATION_NONE
        if age < 18:
            if street and rng.random() < 0.35:
                return d.EDUCATION_BY_LEVEL[self._one((0, 1))]
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
            # A birth date kept to the month or year (the 1st) can make someone up to a year older: stay inside.
            hi = min(hi, cat_hi - (0 if exact else 1))
        return (lo, hi) if lo <= hi else profile.age

    def _fits(self, code: str, born: date | None, on: date) -> bool:
        limits = self.refs.categories.get(code)
        if limits is None:
            return False
        if born is None:
            return True
        age = age_at(born, on)
        lo, hi = limits
        return (lo is None or age >= lo) and (hi is None or age <= hi)

    # ------------------------------------------------------------------------------------------- resident

    def make(self, index: int, batch: Batch) -> None:
        """Add resident number ``index`` (0-based, in admission order) with categories and stays to ``batch``."""
        rng, codec = self.rng, self.codec
        profile: d.Profile = self.profile(rng)
        sex = "L" if rng.random() < profile.male_share else "P"
        first_day = self.start.toordinal() + int((index + rng.random()) * HISTORY_DAYS / self.total)
        admitted = date.fromordinal(min(first_day, self.today.toordinal()))

        unnamed = rng.random() < profile.unknown_name_rate
        has_nik = not unnamed and rng.random() < min(0.98, profile.nik_rate * self.nik_scale)
        if has_nik:
            precision = "exact"
        elif unnamed:  # nobody knows the name, so nobody knows the birthday: the age is guessed
            precision = "estimated"
        else:
            r = rng.random()
            precision = "exact" if r < 0.35 else ("month" if r < 0.45 else ("year" if r < 0.75 else "estimated"))
        age_lo, age_hi = self._age_range(profile, precision == "exact")
        age = self._int(age_lo, age_hi)
        latest = years_before(admitted, age)
        earliest = years_before(admitted, age + 1) + timedelta(days=1)
        born = earliest + timedelta(days=self._int(0, (latest - earliest).days))
        # Stored as the registry stores partial dates (person_choices.csv): the 1st of the month, 1 January of the
        # year, or 1 January of (admission year - estimated age).
        stored_born: date | None = born
        if precision == "year":
            stored_born = date(born.year, 1, 1)
        elif precision == "month":
            stored_born = born.replace(day=1)
        elif precision == "estimated":
            stored_born = date(admitted.year - age, 1, 1)
        if unnamed and rng.random() < BIRTH_UNKNOWN_SHARE_OF_UNNAMED:
            stored_born, precision = None, "estimated"

        province = self.origin_province(rng)
        origin = self._one(self.origin_pool[province])
        kecamatan = origin[:8]
        regency = origin[:5]
        number = self._next_number(admitted.year)
        person_id = codec.new_id()

        nik = None
        if has_nik:
            nik_kec = kecamatan
            if rng.random() < 0.15:  # issued where the person lived before: a NIK never changes after a move
                nik_kec = self._one(self.regions.kecamatan_by_province[self.origin_province(rng)])
            nik = self._nik(nik_kec, born, sex)
            batch.with_nik += nik is not None
        aliases = d.MALE_ALIASES if sex == "L" else d.FEMALE_ALIASES
        if unnamed:
            full_name = placeholder_name(number)
            alias = self._one(aliases) if rng.random() < 0.7 else ""
        else:
            full_name = self._name(sex, age)
            alias = self._one(aliases) if rng.random() < profile.alias_rate else ""
        no_kk = None
        if rng.random() < (KK_SHARE_WITH_NIK if nik else KK_SHARE_WITHOUT_NIK):
            no_kk = self._kk(kecamatan, born)
        street = profile.key in STREET_PROFILES
        address = ""
        if not unnamed and rng.random() < (0.3 if street else 0.65):
            address = (
                f"{self._one(('Jl.', 'Gg.', 'Kp.'))} {self._one(d.STREETS)} No. {self._int(1, 150)}, "
                f"RT {self._int(1, 15):03d}/RW {self._int(1, 12):03d}"
            )
        phone = ""
        if age >= 17 and not unnamed and rng.random() < 0.25:
            phone = f"08{self._one(MOBILE_PREFIXES)}{self._int(0, 99999999):08d}"
        health = ""
        if rng.random() < profile.health_rate:
            health = self._one(d.MENTAL_HEALTH_NOTES if profile.mental else d.HEALTH_NOTES)
        disability = self._one(d.DISABILITY_NOTES) if rng.random() < profile.disability_rate else ""
        origin_known = not (unnamed and rng.random() < 0.6)

        stays = self._stays(profile, sex, born, admitted, batch)
        self._categories(profile, stored_born, admitted, stays, person_id, batch)
        last = stays[-1]
        exits = [s.exited for s in stays if s.exited is not None]
        last_day = last.exited or last.admitted
        batch.persons.append(
            (
                person_id,
                self.refs.office_key,
                number,
                full_name,
                alias,
                unnamed,
                sex,
                codec.day(stored_born),
                precision,
                "" if unnamed else self._birth_place(regency),
                nik,
                "" if nik else self._absent_reason(age),
                no_kk,
                (d.UNKNOWN_CODE if unnamed and rng.random() < 0.5 else self._religion(province)),
                d.UNKNOWN_CODE if unnamed else self._education(age, street),
                d.UNKNOWN_CODE if unnamed else self._marital(age),
                origin if origin_known else "",
                self._label(origin) if origin_known else "",
                address,
                phone,
                health,
                disability,
                name_key(full_name or alias),
                last.exited is None,
                last.institution.key if last.exited is None else None,
                codec.day(last.admitted),
                codec.day(max(exits)) if exits else None,
                len(stays),
                None,
                codec.stamp(admitted, 1 + self._int(0, 8), self._int(0, 59)),
                codec.stamp(last_day, 10),
                1,
            )
        )
        self._write_stays(stays, person_id, number, admitted, origin, regency, batch)

    def _birth_place(self, regency: str) -> str:
        rng = self.rng
        if rng.random() < 0.8:
            return bare_regency_name(self.regions.names.get(regency, ""))
        other = self._one(self.origin_pool[self.origin_province(rng)])[:5]
        return bare_regency_name(self.regions.names.get(other, ""))

    def _absent_reason(self, age: int) -> str:
        reasons = d.NIK_ABSENT_REASONS_CHILD if age < 17 else d.NIK_ABSENT_REASONS_ADULT
        return self.rng.choices([r for r, _w in reasons], weights=[w for _r, w in reasons])[0]

    def _categories(
        self, profile: d.Profile, born: date | None, since: date, stays: list[_Stay], person_id: Any, batch: Batch
    ) -> None:
        rng, day = self.rng, self.codec.day
        codes = [profile.category]
        second = profile.second_category
        if second and rng.random() < profile.second_rate and self._fits(second, born, since):
            codes.append(second)
        until = None
        adult = profile.adult_category
        became: date | None = None
        if adult and born is not None and adult in self.refs.categories:
            # A street child seen again as an adult is recorded as gelandangan from the birthday that made them one.
            became = years_before(born, -max(self.refs.categories[adult][0] or 18, 18))
            if since < became <= stays[-1].admitted and self._fits(adult, born, became):
                until = day(became - timedelta(days=1))
            else:
                became = None
        for code in codes:
            batch.categories.append((person_id, code, day(since), until, ""))
        if became is not None:
            batch.categories.append((person_id, adult, day(became), None, ""))

    def _stays(self, profile: d.Profile, sex: str, born: date, first: date, batch: Batch) -> list[_Stay]:
        rng, today, codec = self.rng, self.today, self.codec
        adult_from = years_before(born, -18)
        planned = self.stay_count(rng)
        stays: list[_Stay] = []
        day = first
        kind = self._kinds(profile.first_kinds)
        previous: _Stay | None = None
        transfer = False
        for number in range(planned):
            if day >= adult_from and profile.age[1] < 18 and kind in CHILD_KINDS:
                kind = d.GEPENG if transfer else d.RECEPTION
            institution = self._one(self.refs.institutions[kind])
            low, high = d.STAY_DAYS[kind]
            length = self._int(low, high)
            if institution.max_stay_days:
                length = min(length, institution.max_stay_days)
            stay = _Stay(
                institution=institution,
                admitted=day,
                previous=previous.id if previous is not None and transfer else None,
                readmission=previous is not None and not transfer,
                id=codec.new_id(),
            )
            stays.append(stay)
            end = day + timedelta(days=length)
            last = number == planned - 1
            if end >= today:
                if rng.random() < OPEN_CHANCE and self._take_bed(stay, kind, sex):
                    batch.open_stays += 1
                    return stays
                # Not in care any more: the stay ended some day between admission and today.
                end = date.fromordinal(self._int(day.toordinal(), today.toordinal()))
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
                gap = self._int(7, 120) if stay.reason == "KABUR" else self._int(30, 400)
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
            if reason == "USIA" and age_at(born, on) < 17:
                continue
            return reason
        return "REUNIFIKASI" if "REUNIFIKASI" in self.refs.exit_reasons else None

    def _take_bed(self, stay: _Stay, kind: str, sex: str) -> bool:
        """Give an open stay a free bed in a room for the person's sex: in its institution, else one of its kind."""
        pools, used = self.refs.free_beds, self.refs.used_beds
        candidates = [stay.institution] if pools.get((stay.institution.key, sex)) else []
        if not candidates:
            candidates = [i for i in self.refs.institutions[kind] if pools.get((i.key, sex))]
        while candidates:
            institution = self._one(candidates)
            beds = pools[(institution.key, sex)]
            while beds:
                bed = beds.pop()
                if bed.bed_key not in used:
                    used.add(bed.bed_key)
                    stay.institution, stay.bed = institution, bed
                    return True
            candidates.remove(institution)
        return False

    def _destination(self, reason: str, origin: str, regency: str) -> tuple[str, str]:
        """Exit destination and note for a reason; only what a worker would really write."""
        names = self.regions.names
        regency_name = names.get(regency, "")
        destination, note = "", ""
        if reason == "DIPULANGKAN":
            destination = f"Dinas Sosial {regency_name}" if regency_name else "Daerah asal"
        elif reason == "REUNIFIKASI":
            desa = names.get(origin, "")
            destination = f"Keluarga di {desa}, {bare_regency_name(regency_name)}" if desa else "Keluarga"
        elif reason == "DIRUJUK":
            note = self._one(d.TRANSFER_REASONS)
        elif reason == "BEKERJA":
            destination = self._one(d.WORK_PLACES)
        elif reason == "PENGASUHAN":
            destination = note = self._one(d.FOSTER_PLACES)
        elif reason == "MENINGGAL":
            note = self._one(d.BURIAL_PLACES)
        elif reason == "PERMINTAAN":
            destination = self._one(("Dijemput keluarga", "Pulang atas permintaan sendiri"))
        elif reason == "SELESAI":
            destination = self._one(("Kembali ke masyarakat", "Mandiri", "Kembali ke keluarga"))
        elif reason == "USIA":
            destination = self._one(("Panti Sosial Bina Remaja Taruna Jaya", "Kembali ke keluarga", "Mandiri"))
        elif reason == "LAINNYA":
            note = self._one(d.OTHER_EXIT_NOTES)
        info = self.refs.exit_reasons.get(reason)
        if info is not None and info.requires_destination and not destination:
            destination = "Keluarga"
        if info is not None and info.requires_text and not note:
            note = destination or "Keterangan tidak tercatat"
        return destination, note

    def _place(self, stay: _Stay) -> str:
        if stay.bed is None:
            return stay.institution.name
        return self.texts.bed_place.format(
            institution=stay.institution.name, room=stay.bed.room_name, bed=stay.bed.bed_label
        )

    def _write_stays(
        self, stays: list[_Stay], person_id: Any, number: str, registered: date, origin: str, regency: str, batch: Batch
    ) -> None:
        rng, codec, texts, by = self.rng, self.codec, self.texts, self.recorded_by
        events = batch.events
        events.append(
            (
                person_id,
                codec.day(registered),
                codec.stamp(registered, 1),
                "registered",
                texts.registered.format(reg=number),
                "person",
                codec.id_text(person_id),
                by,
            )
        )
        for i, stay in enumerate(stays):
            following = stays[i + 1] if i + 1 < len(stays) else None
            source = None
            letter_no, letter_date = "", None
            if stay.previous is not None and d.TRANSFER_REFERRAL in self.refs.referral_codes:
                source = d.TRANSFER_REFERRAL
            elif self.referral is not None:
                source = self.referral(rng)
            template = d.REFERRAL_LETTERS.get(source or "")
            if template and rng.random() < 0.8:
                letter_date = stay.admitted - timedelta(days=self._int(0, 3))
                letter_no = template.format(
                    n=self._int(1, 999), roman=ROMAN[letter_date.month - 1], year=letter_date.year
                )
            destination, note = ("", "") if stay.reason is None else self._destination(stay.reason, origin, regency)
            target = following.institution.key if stay.reason == d.TRANSFER_REASON and following else None
            stay_text = codec.id_text(stay.id)
            batch.stays.append(
                (
                    stay.id,
                    person_id,
                    stay.institution.key,
                    stay.bed.room_key if stay.bed else None,
                    stay.bed.bed_key if stay.bed else None,
                    codec.day(stay.admitted),
                    source,
                    letter_no,
                    codec.day(letter_date),
                    stay.readmission,
                    stay.previous,
                    codec.day(stay.exited),
                    stay.reason,
                    target,
                    destination,
                    note,
                    codec.stamp(stay.admitted, 2),
                    codec.stamp(stay.exited or stay.admitted, 3),
                    1,
                )
            )
            # Timeline lines as the stay services write them: a transfer is one line on the new stay.
            if stay.previous is None:
                if stay.readmission:
                    kind, text = "readmitted", texts.readmitted.format(place=self._place(stay), n=i + 1)
                else:
                    kind, text = "admitted", texts.admitted.format(place=self._place(stay))
                events.append(
                    (
                        person_id,
                        codec.day(stay.admitted),
                        codec.stamp(stay.admitted, 2),
                        kind,
                        text,
                        "stay",
                        stay_text,
                        by,
                    )
                )
            if stay.exited is None or stay.reason is None:
                continue
            if stay.reason == d.TRANSFER_REASON and following is not None:
                text = texts.transferred.format(old=stay.institution.name, new=self._place(following), reason=note)
                ref, kind = codec.id_text(following.id), "transferred"
            else:
                info = self.refs.exit_reasons.get(stay.reason)
                label = info.label if info else stay.reason
                if destination:
                    text = texts.exited_to.format(
                        institution=stay.institution.name, reason=label, destination=destination
                    )
                else:
                    text = texts.exited.format(institution=stay.institution.name, reason=label)
                ref, kind = stay_text, "exited"
            events.append((person_id, codec.day(stay.exited), codec.stamp(stay.exited, 3), kind, text, "stay", ref, by))
