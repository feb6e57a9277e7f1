"""A generator of realistic Shenyang registry data, from a demo to national size.

    python -m hecha.demo.generator DIR [--enterprises 300000] [--as-of 2026-11-24] [--seed 7]

Writes enterprises.csv, qualifications.csv, personnel.csv and social_insurance.csv in the
format of CONTRACT.md §3: valid USCCs and ID numbers, registrations in the real specialties,
social insurance. About one enterprise in eight is made short of staff, each in one of the
ways DOMAIN.md lists (too few people, an expired registration, insurance paid elsewhere or
lapsed, a registration with another enterprise too, over age, the wrong specialty), so that
a comparison finds every kind of exclusion. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from stdnum.cn import ric
from stdnum.cn import uscc as uscc_code

from hecha.standards.loader import builtin_standards, standard_in_force
from hecha.standards.qualifications import catalogue, parse_qualification

DISTRICTS = [  # code, name, weight (roughly the share of construction enterprises)
    ("210102", "和平", 11), ("210103", "沈河", 11), ("210104", "大东", 8), ("210105", "皇姑", 9),
    ("210106", "铁西", 13), ("210111", "苏家屯", 5), ("210112", "浑南", 14), ("210113", "沈北", 7),
    ("210114", "于洪", 9), ("210115", "辽中", 3), ("210123", "康平", 2), ("210124", "法库", 2),
    ("210181", "新民", 3),
]  # fmt: skip
STREETS = ["中山路", "青年大街", "北京街", "黄河南大街", "北陵大街", "建设中路", "沈辽路", "浑南中路",
           "长白西路", "南京北街", "小北关街", "文化路", "滂江街", "昆山中路", "兴华南街", "创新路"]  # fmt: skip
BRANDS = [
    "恒泰",
    "鑫源",
    "宏达",
    "盛京",
    "华建",
    "金鼎",
    "北方",
    "东盛",
    "瑞丰",
    "兴业",
    "远大",
    "中联",
    "天成",
    "博远",
    "铭城",
    "广厦",
    "正和",
    "汇通",
    "安泰",
    "长城",
    "沈建",
    "嘉禾",
    "永盛",
    "华信",
    "鼎盛",
    "德润",
]
TRADES = [
    "建筑工程",
    "建设工程",
    "建筑安装工程",
    "市政工程",
    "电力工程",
    "建设集团",
    "土木工程",
    "建工",
]
SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬建国志强晓东海波宁鹏辉斌宇浩凯琳雪梅兵"
# How often a qualification is held, for a realistic Shenyang mix over the whole catalogue:
# many 专业承包 二/三级, fewer 一级, some 施工劳务; busy categories weighted up (demo data).
GRADE_WEIGHTS = {
    "施工总承包": {"特级": 0.02, "一级": 0.5, "二级": 2.0, "三级": 5.0},
    "专业承包": {"一级": 0.6, "二级": 2.5, "三级": 4.0, "不分等级": 2.5},
    "施工劳务": {"不分等级": 60.0},
}
BUSY = {"建筑工程": 14, "市政公用工程": 6, "机电工程": 3, "公路工程": 1.5, "水利水电工程": 1.5,
        "电力工程": 1.2, "地基基础工程": 3, "建筑装修装饰工程": 5, "消防设施工程": 3,
        "钢结构工程": 2.5, "电子与智能化工程": 2.5, "防水防腐保温工程": 2.5, "建筑机电安装工程": 2.5,
        "城市及道路照明工程": 1.5, "环保工程": 1.5, "古建筑工程": 0.8, "模板脚手架": 1.5,
        "起重设备安装工程": 1.2, "建筑幕墙工程": 1.2, "输变电工程": 1.2, "特种工程": 0.8}  # fmt: skip
LEVEL_SPECIALTIES = {level: list(names) for level, names in catalogue().specialties.items()}
QUIET = 0.15  # categories a northern inland city rarely holds (ports, railways, airports...)
SHORTAGES = ["short", "expired", "social_insurance_elsewhere", "social_insurance_lapsed",
             "registered_elsewhere", "over_age", "wrong_specialty"]  # fmt: skip
SHORT_SHARE = 0.125

HEADERS = {
    "enterprises": ["uscc", "name", "district_code", "registered_address", "mailing_address",
                    "legal_representative", "phone", "business_status"],
    "qualifications": ["uscc", "certificate_no", "qualification", "valid_until"],
    "personnel": ["id_number", "name", "uscc", "certificate_type", "registration_no", "specialties",
                  "valid_until"],
    "social_insurance": ["id_number", "uscc", "last_paid_month"],
}  # fmt: skip
LEVEL_TYPES = {1: "一级注册建造师", 2: "二级注册建造师"}


def make_uscc(serial: int, district: str) -> str:
    body = f"91{district}{_base31(serial, 9)}"
    return body + uscc_code.calc_check_digit(body)


_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _base31(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 31)
        out.append(_ALPHABET[r])
    return "".join(reversed(out))


def make_id(place: str, birth: date, serial: int) -> str:
    body = f"{place}{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def month_before(day: date, months: int) -> str:
    index = day.year * 12 + day.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass
class Person:
    id_number: str
    name: str
    uscc: str
    level: int
    specialties: list[str]
    valid_until: date
    insured_by: str | None  # None: no social insurance record
    paid_month: str
    needed: bool = False  # hired to meet a requirement (not one of the extra staff)


def held_weights(standard) -> tuple[list[str], list[float]]:
    """Every qualification of the catalogue with how often Shenyang enterprises hold it."""
    names, weights = [], []
    for name in standard.qualifications:
        parsed = parse_qualification(name)
        if parsed is None:
            continue
        grade = GRADE_WEIGHTS.get(parsed.sequence, {}).get(parsed.grade, 0.0)
        names.append(name)
        weights.append(grade * BUSY.get(parsed.category, QUIET))
    return names, weights


def _hire(rng: random.Random, r) -> tuple[int, list[str]]:
    """A level and specialty that count for requirement `r` (a 二级 registration only in a
    specialty 二级 has)."""
    wanted = sorted(r.specialties) or LEVEL_SPECIALTIES[2]
    second = [s for s in wanted if s in LEVEL_SPECIALTIES[2]]
    level = r.level or (1 if rng.random() < 0.3 or not second else 2)
    pool = wanted if level == 1 else second
    return level, [rng.choice(pool)]


@dataclass
class Generator:
    enterprises: int
    as_of: date
    seed: int = 7
    short_share: float = SHORT_SHARE  # the share of enterprises made short of staff
    rng: random.Random = field(init=False)
    _people: int = 0
    _old_people: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        standards = builtin_standards()
        standard = standard_in_force(standards, self.as_of)
        catalogue_of = {s.version: s for s in standards}["2014"]
        self.held, self.weights = held_weights(catalogue_of)
        self.requirements = (
            {q: list(standard.requirements_for(q)) for q in self.held} if standard else {}
        )
        self._span = (date(1999, 12, 31) - date(1963, 1, 1)).days

    # -- names and numbers -------------------------------------------------------------
    def person_name(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def new_id(self, place: str) -> str:
        """Unique across the data set: the serial decides birth date and sequence number."""
        k, self._people = self._people, self._people + 1
        birth = date(1963, 1, 1) + timedelta(days=(k * 7919) % self._span)
        return make_id(place, birth, (k // self._span) % 1000)

    def old_id(self, place: str) -> str:
        """Someone over 65 on the as-of date (born at least 66 years before it)."""
        k, self._old_people = self._old_people, self._old_people + 1
        birth = date(self.as_of.year - 70, 1, 1) + timedelta(days=(k * 31) % 1499)
        return make_id(place, birth, (k // 1499) % 1000)

    def future(self, low: int = 60, high: int = 1500) -> date:
        return self.as_of + timedelta(days=self.rng.randint(low, high))

    # -- one enterprise --------------------------------------------------------------
    def staff_for(
        self, qualifications: list[str], uscc: str, place: str, slack: bool
    ) -> list[Person]:
        staff: list[Person] = []
        paid = month_before(self.as_of, 1)
        for q in qualifications:
            for r in self.requirements.get(q, []):
                have = sum(1 for p in staff if r.accepts(p.level, p.specialties))
                want = r.min_people + (self.rng.randint(0, 2) if slack else 0)
                for _ in range(want - have):
                    level, specialties = _hire(self.rng, r)
                    staff.append(Person(self.new_id(place), self.person_name(), uscc, level,
                                        specialties, self.future(), uscc, paid, needed=True))  # fmt: skip
        for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3, 4])):  # people no requirement needs
            level = self.rng.choice([1, 2])
            staff.append(Person(self.new_id(place), self.person_name(), uscc, level,
                                [self.rng.choice(LEVEL_SPECIALTIES[level])], self.future(), uscc, paid))  # fmt: skip
        for p in staff:  # a few hold two specialties: they count once
            if self.rng.random() < 0.1 and p.specialties[0] != "机电工程":
                p.specialties.append("机电工程")
        return staff

    def _wrong_specialty(self, victim: Person, needs: set[str]) -> None:
        others = [s for s in LEVEL_SPECIALTIES[victim.level] if s not in needs]
        if others:
            victim.specialties = [self.rng.choice(others)]
        else:  # every specialty of the level is needed: a 一级-only part fails instead
            victim.level, victim.specialties = 2, [LEVEL_SPECIALTIES[2][0]]

    def break_one(
        self, kind: str, staff: list[Person], others: list[str], place: str, needs: set[str]
    ) -> list[Person]:
        """Make one counting person stop counting, the way `kind` says. Returns extra rows."""
        counting = [p for p in staff if p.needed]
        if not counting:
            return []
        victim = self.rng.choice(counting)
        if kind == "short":
            staff.remove(victim)
        elif kind == "expired":
            victim.valid_until = self.as_of - timedelta(days=self.rng.randint(1, 400))
        elif kind == "social_insurance_elsewhere":
            victim.insured_by = make_uscc(10**12 + self.rng.randint(0, 10**6), place)
        elif kind == "social_insurance_lapsed":
            if self.rng.random() < 0.5:
                victim.insured_by = None
            else:
                victim.paid_month = month_before(self.as_of, self.rng.randint(4, 14))
        elif kind == "registered_elsewhere" and others:
            twin = Person(**{**victim.__dict__, "uscc": self.rng.choice(others)})
            twin.specialties = list(victim.specialties)
            return [twin]
        elif kind == "over_age":
            victim.id_number = self.old_id(place)
        elif kind == "wrong_specialty":
            self._wrong_specialty(victim, needs)
        return []

    # -- the whole set ----------------------------------------------------------------
    def qualifications_of(self) -> list[str]:
        rng = self.rng
        return sorted(set(rng.choices(self.held, self.weights, k=rng.choice([1, 1, 1, 2, 2, 3]))))

    def rows(self) -> Iterator[tuple[str, list]]:
        rng = self.rng
        codes, weights = [d[0] for d in DISTRICTS], [d[2] for d in DISTRICTS]
        names = {d[0]: d[1] for d in DISTRICTS}
        recent: list[str] = []
        for serial in range(self.enterprises):
            district = rng.choices(codes, weights)[0]
            uscc = make_uscc(serial + 1, district)
            status = "存续" if rng.random() > 0.03 else rng.choice(["注销", "吊销", "迁出"])
            street = f"沈阳市{names[district]}{'区' if district < '210120' else ''}{rng.choice(STREETS)}{rng.randint(1, 300)}号"
            name = f"沈阳{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(TRADES)}{rng.choice(SUFFIXES)}"
            yield "enterprises", [uscc, name, district, street, street if rng.random() < 0.8 else "",
                                  self.person_name(), f"024{rng.randint(20000000, 89999999)}", status]  # fmt: skip
            quals = self.qualifications_of()
            for n, q in enumerate(quals):
                valid = self.future() if rng.random() > 0.02 else self.as_of - timedelta(days=30)
                yield "qualifications", [uscc, f"D3{district}{serial:08d}{n:02d}", q, valid]
            reqs = [r for q in quals for r in self.requirements.get(q, [])]
            short = rng.random() < self.short_share and bool(reqs)
            staff = self.staff_for(quals, uscc, district, slack=not short)
            needs = {s for r in reqs for s in r.specialties}
            kind = rng.choice(SHORTAGES)
            extra = self.break_one(kind, staff, recent, district, needs) if short else []
            for p in staff + extra:
                yield "personnel", self.person_row(p)
            for p in staff:
                if p.insured_by:
                    yield "social_insurance", [p.id_number, p.insured_by, p.paid_month]
            recent = (recent + [uscc])[-50:]

    def person_row(self, p: Person) -> list:
        reg = f"辽{p.level}21{p.id_number[-7:-1]}{p.uscc[-4:]}"
        return [
            p.id_number,
            p.name,
            p.uscc,
            LEVEL_TYPES[p.level],
            reg,
            ";".join(p.specialties),
            p.valid_until,
        ]


def generate(
    directory: Path,
    *,
    enterprises: int,
    as_of: date,
    seed: int = 7,
    short_share: float = SHORT_SHARE,
) -> dict[str, int]:
    """Write the four files into the directory; returns the rows written per file."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {t: (directory / f"{t}.csv").open("w", encoding="utf-8", newline="") for t in HEADERS}
    writers = {t: csv.writer(f, lineterminator="\n") for t, f in files.items()}
    counts = dict.fromkeys(HEADERS, 0)
    try:
        for table, header in HEADERS.items():
            writers[table].writerow(header)
        for table, row in Generator(enterprises, as_of, seed, short_share).rows():
            writers[table].writerow(row)
            counts[table] += 1
    finally:
        for f in files.values():
            f.close()
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="生成沈阳市建筑业企业演示数据")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--enterprises", type=int, default=300)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today())  # noqa: DTZ011
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    counts = generate(
        args.directory, enterprises=args.enterprises, as_of=args.as_of, seed=args.seed
    )
    print(", ".join(f"{t}: {n}" for t, n in counts.items()))


if __name__ == "__main__":
    main()
