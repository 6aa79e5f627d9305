"""Build a deterministic benchmark corpus of councils' plans repositories in pmf's own format.

Each council is its own repository, ``OUT/council-NN/``, holding ``pmf.yaml`` and
``plans/<service>/`` for 30 services. Every service has 25 measures (12 outturns where the
frequency allows it), 10 risks and two signed-off plans (2025-26 and 2026-27) that name all
of its measures and carry about six activities each. Text carries Welsh (ŵ ŷ â).

Files are written from plain string templates, not a YAML dumper, so they look like the
hand-written files in the demo council. The same ``seed`` gives byte-identical files.

    python bench/generate.py OUT --councils N [--seed S]
"""

from __future__ import annotations

import argparse
import random
import textwrap
from pathlib import Path

SERVICES_PER_COUNCIL = 30
MEASURES_PER_SERVICE = 25
RISKS_PER_SERVICE = 10
ACTIVITIES_PER_PLAN = 6
PLAN_YEARS = ("2025-26", "2026-27")

# (folder, code, English title, Welsh title)
SERVICES = [
    ("adult-social-care", "ASC", "Adult Social Care", "Gofal Cymdeithasol Oedolion"),
    ("childrens-services", "CHS", "Children's Services", "Gwasanaethau Plant"),
    ("education", "EDU", "Education and Schools", "Addysg ac Ysgolion"),
    ("highways", "HWY", "Highways and Transport", "Priffyrdd a Thrafnidiaeth"),
    ("housing", "HSG", "Housing Solutions", "Atebion Tai"),
    ("waste", "WST", "Waste and Recycling", "Gwastraff ac Ailgylchu"),
    ("revenues-benefits", "RVB", "Revenues and Benefits", "Refeniw a Budd-daliadau"),
    ("people-performance", "PPL", "People and Performance", "Pobl a Pherfformiad"),
    ("finance", "FIN", "Finance", "Cyllid"),
    ("legal-democratic", "LDS", "Legal and Democratic Services", "Gwasanaethau Cyfreithiol a Democrataidd"),
    ("planning", "PLN", "Planning and Building Control", "Cynllunio a Rheoli Adeiladu"),
    ("public-protection", "PPR", "Public Protection", "Diogelu'r Cyhoedd"),
    ("leisure", "LEI", "Leisure and Culture", "Hamdden a Diwylliant"),
    ("libraries", "LIB", "Libraries and Archives", "Llyfrgelloedd ac Archifau"),
    ("customer-services", "CUS", "Customer Services", "Gwasanaethau Cwsmeriaid"),
    ("ict", "ICT", "Digital and ICT", "Digidol a TGCh"),
    ("property", "PRP", "Property and Estates", "Eiddo ac Ystadau"),
    ("economic-development", "ECD", "Economic Development", "Datblygu Economaidd"),
    ("regeneration", "REG", "Regeneration", "Adfywio"),
    ("environment", "ENV", "Countryside and Environment", "Cefn Gwlad a'r Amgylchedd"),
    ("flood-water", "FLD", "Flood and Water Management", "Rheoli Llifogydd a Dŵr"),
    ("fleet", "FLT", "Fleet and Depots", "Fflyd a Depos"),
    ("procurement", "PRC", "Procurement", "Caffael"),
    ("welsh-language", "WLS", "Welsh Language Services", "Gwasanaethau Iaith Gymraeg"),
    ("youth-services", "YTH", "Youth Services", "Gwasanaethau Ieuenctid"),
    ("early-years", "EYR", "Early Years and Childcare", "Blynyddoedd Cynnar a Gofal Plant"),
    ("community-safety", "CSF", "Community Safety", "Diogelwch Cymunedol"),
    ("parks", "PRK", "Parks and Open Spaces", "Parciau a Mannau Agored"),
    ("bereavement", "BRV", "Bereavement Services", "Gwasanaethau Profedigaeth"),
    ("registration", "RGS", "Registration Services", "Gwasanaethau Cofrestru"),
]

OUTCOMES = [
    ("resilient", "The council is resilient", "Mae'r cyngor yn gydnerth"),
    ("healthy", "People in the county are healthy and independent", "Mae pobl yn iach ac yn annibynnol"),
    ("educated", "People in the county are well educated and skilled", "Mae pobl wedi'u haddysgu'n dda"),
    ("safe-homes", "People in the county have safe, affordable homes", "Mae gan bobl dŷ diogel a fforddiadwy"),
    ("environment", "The environment is protected and enhanced", "Mae'r amgylchedd yn cael ei warchod"),
    ("economy", "The county has a thriving economy", "Mae gan y sir economi ffyniannus"),
    ("connected", "People in the county are safely connected by good transport", "Mae pobl wedi'u cysylltu'n ddiogel"),
]

CATEGORIES = {
    "financial": 12,
    "operational": 12,
    "reputational": 9,
    "legal": 9,
    "health-and-safety": 8,
    "safeguarding": 10,
    "workforce": 12,
    "technology": 12,
}

TOWNS = ["Llanfair", "Caerwen", "Pen-y-bont", "Aberdâr", "Trefŵr", "Llŷn", "Glan-yr-afon", "Bryn Tŷ", "Cwm Gwŷr"]
PLACES = ["Tŷ Gwyn", "Canolfan Dŵr Glân", "Ffordd y Parc", "Plas Brynâr", "Heol y Cwm", "Maes Ŵyn", "Tŷ'r Cyngor"]
WELSH = [
    "Mae'r gwasanaeth yn gweithio gyda'r gymuned yn Nhŷ'r Cyngor.",
    "Rydym yn darparu'r gwasanaeth yn Gymraeg ac yn Saesneg; mae dŵr a thŷ yn bwysig i bawb.",
    "Cafodd y ffigur ei wirio gan y swyddog arweiniol ym Mhlas Brynâr.",
    "Bydd y tîm yn adrodd i'r Cabinet bob chwarter; gwelwyd gwelliant yn Llŷn.",
    "Mae'r targed yn uchelgeisiol ond yn gyraeddadwy, meddai'r Pennaeth Gwasanaeth.",
]
SUBJECTS = [
    ("Percentage of {noun} completed on time", "percentage", "higher_is_better"),
    ("Percentage of {noun} resolved at first contact", "percentage", "higher_is_better"),
    ("Average days to complete {noun}", "days", "lower_is_better"),
    ("Number of {noun} received", "number", None),
    ("Number of complaints about {noun}", "number", "lower_is_better"),
    ("Cost per case of {noun}", "monetary", "lower_is_better"),
    ("Percentage of residents satisfied with {noun}", "percentage", "higher_is_better"),
    ("Ratio of {noun} to staff in post", "ratio", "closer_is_better"),
]
NOUNS = [
    "assessments",
    "service requests",
    "repairs",
    "inspections",
    "applications",
    "reviews",
    "visits",
    "enquiries",
    "case reviews",
    "plans agreed with families",
]
COMMENTS = [
    "Performance held steady; the team in {town} covered vacancies with overtime.",
    "Below target because of staff sickness over the winter; agency cover agreed from {month}.",
    "Above target after the new online form went live at {place}.",
    "Seasonal dip as expected. Mae'r tîm yn Nhŷ Gwyn yn monitro'r sefyllfa.",
    "Figures checked by the lead officer; one late return from {town} included.",
    "Improvement follows the review of processes agreed by Cabinet; gwelliant yng Nghwm Gwŷr.",
]
ACTIVITY_TITLES = [
    "Review of {noun} processes in {town}",
    "Digital self-service for {noun}",
    "Staff training programme for {noun}",
    "Procure a new system for {noun}",
    "Community engagement on {noun} at {place}",
    "Consultation on {noun} charges",
    "Bilingual (Cymraeg) information on {noun}",
    "Workforce plan for {noun} teams",
]
RISK_TITLES = [
    "Loss of key staff in {noun} teams",
    "Budget pressure from rising demand for {noun}",
    "Failure of the {noun} case management system",
    "Legal challenge to decisions on {noun}",
    "Data breach involving {noun} records",
    "Supplier failure affecting {noun}",
    "Severe weather disrupts {noun} at {place}",
    "Safeguarding concern missed during {noun}",
    "Reputational damage from delays in {noun}",
    "Injury to staff during {noun} visits",
]
GOVERNANCE = [
    "corporate_planning",
    "financial_planning",
    "workforce_planning",
    "procurement",
    "assets",
    "risk_management",
    "performance_management",
]
UPDATE_STATUSES = ["green", "green", "green", "yellow", "orange", "red", "complete"]
MONTH_NAMES = ["April", "May", "June", "July", "August", "September", "October", "November", "December"]


def folded(key: str, text: str, indent: int) -> str:
    """``key: >-`` and the text wrapped beneath it, as the demo files are written."""
    pad = " " * indent
    body = textwrap.fill(text, width=92 - indent - 2, initial_indent=pad + "  ", subsequent_indent=pad + "  ")
    return f"{pad}{key}: >-\n{body}\n"


def plain(text: str) -> str:
    """A scalar written plain when YAML reads it back as the same text, else double-quoted."""
    risky = ": " in text or " #" in text or text[:1] in "!&*-?[]{}|>'\"%@`#,"
    if risky or text.lower() in {"yes", "no", "true", "false", "null", "on", "off", "~"}:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def outturn_periods(frequency: str) -> list[str]:
    if frequency == "monthly":
        return [f"2025-{m:02d}" for m in range(4, 13)] + [f"2026-{m:02d}" for m in range(1, 4)]
    if frequency == "quarterly":
        return [f"{y} Q{q}" for y in ("2024-25", "2025-26") for q in range(1, 5)]
    if frequency == "biannual":
        return [f"{y} H{h}" for y in ("2024-25", "2025-26") for h in (1, 2)]
    return ["2024-25", "2025-26"]


def fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


class Council:
    def __init__(self, number: int, seed: int):
        self.number = number
        self.rng = random.Random(seed * 1_000_003 + number)

    def pick(self, items: list) -> object:  # type: ignore[type-arg]
        return items[self.rng.randrange(len(items))]

    def words(self, template: str) -> str:
        return template.format(
            noun=self.pick(NOUNS),
            town=self.pick(TOWNS),
            place=self.pick(PLACES),
            month=self.pick(MONTH_NAMES),
        )

    def write(self, out: Path) -> None:
        root = out / f"council-{self.number:02d}"
        files: dict[Path, str] = {root / "pmf.yaml": self.settings()}
        for service, code, title, welsh in SERVICES[:SERVICES_PER_COUNCIL]:
            folder = root / "plans" / service
            measures = [self.measure(code, i) for i in range(1, MEASURES_PER_SERVICE + 1)]
            for ident, _kind, text in measures:
                files[folder / "measures" / f"{ident}.yaml"] = text
            for i in range(1, RISKS_PER_SERVICE + 1):
                ident = f"RSK-{code}-{i:02d}"
                files[folder / "risks" / f"{ident}.yaml"] = self.risk(ident, title)
            for year in PLAN_YEARS:
                kinds = [(ident, kind) for ident, kind, _ in measures]
                files[folder / f"plan-{year}.yaml"] = self.plan(service, code, title, welsh, year, kinds)
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))

    def settings(self) -> str:
        lines = [
            "# Organisation settings for pmf (benchmark corpus, generated).",
            f"organisation: Cyngor Sir Enghraifft {self.number:02d} (Example County Borough Council {self.number:02d})",
            "status_scheme: royg",
            "outcomes:",
        ]
        for ident, title, welsh in OUTCOMES:
            lines += [f"  - id: {ident}", f"    title: {title}"]
            lines.append(folded("description", f"{welsh}. {self.pick(WELSH)}", 4).rstrip("\n"))
        lines += [
            "risk_matrix:",
            "  likelihood: 5",
            "  impact: 5",
            "  bands: {low: 1, medium: 5, high: 10, very_high: 16}",
            "  appetite:",
            *[f"    {name}: {score}" for name, score in CATEGORIES.items()],
            "  escalate_at: 15",
            "  review_months: 6",
        ]
        return "\n".join(lines) + "\n"

    def measure(self, code: str, index: int) -> tuple[str, str, str]:
        rng = self.rng
        ident = f"{code}-{index:02d}"
        subject, data_type, polarity = SUBJECTS[rng.randrange(len(SUBJECTS))]
        noun = self.pick(NOUNS)
        title = subject.format(noun=noun)
        kind = "indicator" if index % 3 == 0 else "performance_measure"
        frequency = ["monthly", "monthly", "quarterly", "quarterly", "quarterly", "biannual", "annual"][index % 7]
        benchmarking = "count_only" if polarity is None else ("national" if index % 4 == 0 else "local")
        decimals = 1 if data_type in {"percentage", "ratio", "days"} else (2 if data_type == "monetary" else 0)
        aggregation = "cumulative" if data_type == "number" and frequency == "monthly" and index % 2 else "normal"
        unit = {"percentage": "%", "days": "days", "monetary": "£", "ratio": ":1", "number": noun}[data_type]
        if data_type == "percentage":
            base = rng.uniform(55, 90)
        elif data_type == "ratio":
            base = rng.uniform(2, 8)
        elif data_type == "monetary":
            base = rng.uniform(80, 900)
        else:
            base = rng.uniform(10, 400)
        town, place = self.pick(TOWNS), self.pick(PLACES)
        out = [
            f"id: {ident}",
            f"kind: {kind}",
            f"title: {plain(title + ' – ' + self.pick(['mesur', 'dangosydd', 'cyfradd']) + ' ' + town)}",
        ]
        text = "\n".join(out) + "\n"
        text += folded(
            "description",
            f"How the service is doing on {noun} across the county, from {town} to {place}. "
            f"{self.pick(WELSH)} The measure is reported to Cabinet and to scrutiny committee.",
            0,
        )
        text += folded(
            "scope_and_definition",
            f"Covers all {noun} handled by the service in the period, including those started by "
            f"partners. Excludes anything withdrawn by the resident before work began. {self.pick(WELSH)}",
            0,
        )
        text += folded("source", f"The case management system, monthly extract by the team at {place}.", 0)
        text += folded("calculation", f"{title} for the period, from the system extract; see the data dictionary.", 0)
        text += f"data_type: {data_type}\n"
        text += f'unit: "{unit}"\n'
        text += f"decimals: {decimals}\n"
        text += f"aggregation: {aggregation}\n"
        text += "measure_type: normal\n"
        text += f"frequency: {frequency}\n"
        if polarity is not None:
            text += f"polarity: {polarity}\n"
        text += f"benchmarking: {benchmarking}\n"
        text += folded("validation", f"Checked each period by the lead officer; {self.pick(WELSH)}", 0)
        text += f"lead_officer: Service Manager, {town}\n"
        text += "date: 2026-02-12\n"
        text += "next_review_date: 2027-02-12\n"
        scale = 12 if aggregation == "cumulative" else 1
        if polarity is not None:
            text += "\nthresholds:\n"
            for year in ("2025-26", "2026-27"):
                target = base * scale * rng.uniform(0.98, 1.05)
                if data_type == "percentage":
                    target = min(target, 97.0)
                if polarity == "higher_is_better":
                    tolerance: float | None = target * 0.92
                elif polarity == "lower_is_better":
                    tolerance = target * 1.1
                else:
                    tolerance = max(target * 0.1, 0.5)
                t, tol = fmt(target, decimals), fmt(tolerance, decimals)
                if tol == t:
                    tol = "null"
                text += f"  {year}: {{target: {t}, tolerance: {tol}}}\n"
        text += "\noutturns:\n"
        for n, period in enumerate(outturn_periods(frequency)):
            value = base * rng.uniform(0.85, 1.12)
            if data_type == "percentage":
                value = min(value, 99.9)
            text += f"  - period: {period}\n    value: {fmt(value, decimals)}\n"
            if n % 3 == 2:
                text += folded("comment", self.words(self.pick(COMMENTS)), 4)
        return ident, kind, text

    def risk(self, ident: str, service_title: str) -> str:
        rng = self.rng
        category = self.pick(list(CATEGORIES))
        level = "corporate" if rng.random() < 0.15 else "service"
        il, ii = rng.randint(3, 5), rng.randint(3, 5)
        rl, ri = rng.randint(2, il), rng.randint(2, ii)
        tl, ti = rng.randint(1, rl), rng.randint(1, ri)
        title = self.words(self.pick(RISK_TITLES))
        text = f"id: {ident}\ntitle: {plain(title)}\n"
        text += folded(
            "description",
            f"If {title.lower()} happens, {service_title} could not deliver its plan and residents in "
            f"{self.pick(TOWNS)} would be affected. {self.pick(WELSH)}",
            0,
        )
        text += f"owner: Head of {service_title}\n"
        text += f"category: {category}\n"
        text += f"level: {level}\n"
        text += f"inherent: {{likelihood: {il}, impact: {ii}}}\n"
        text += f"residual: {{likelihood: {rl}, impact: {ri}}}\n"
        text += f"target: {{likelihood: {tl}, impact: {ti}}}\n"
        text += "controls:\n"
        for _ in range(3):
            text += f"  - {plain(self.words(self.pick(ACTIVITY_TITLES)))}\n"
        text += "actions:\n"
        text += f"  - {plain(self.words(self.pick(ACTIVITY_TITLES)))} by March 2027\n"
        text += "review_date: 2027-04-30\n"
        text += "reviews:\n"
        for date in ("2025-04-15", "2025-10-14", "2026-04-16", "2026-10-20"):
            text += f"  - date: {date}\n"
            text += f"    residual: {{likelihood: {rl}, impact: {ri}}}\n"
            text += f"    comment: {plain(self.words(self.pick(COMMENTS)))}\n"
        text += "status: open\n"
        text += "issue: false\n"
        return text

    def plan(self, service: str, code: str, title: str, welsh: str, year: str, measures: list[tuple[str, str]]) -> str:
        rng = self.rng
        first = int(year[:4])
        chosen = [OUTCOMES[0][0], *sorted(rng.sample([o[0] for o in OUTCOMES[1:]], 2))]
        text = f"# {title} – Service Plan {first} to {first + 1} ({welsh})\n"
        text += f"id: {service}\n"
        text += f"title: {plain(title)}\n"
        text += f"financial_year: {year}\n"
        text += f"head_of_service: Head of {title}\n"
        text += "cabinet_members:\n"
        text += f"  - Cabinet Member for {title}\n"
        text += folded(
            "wellbeing_statement",
            f"Our vision for {title} ({welsh}) is a county where every resident, from {self.pick(TOWNS)} "
            f"to {self.pick(TOWNS)}, gets a reliable bilingual service. {self.pick(WELSH)} "
            f"We will work with partners at {self.pick(PLACES)} and listen to residents. {self.pick(WELSH)}",
            0,
        )
        text += "areas_of_responsibility:\n"
        for _ in range(4):
            text += f"  - {plain(self.pick(NOUNS).capitalize())} in {self.pick(TOWNS)}\n"
        text += "implications:\n"
        text += folded(
            "budgets_savings_assets",
            f"The net revenue budget for {year} is £{rng.randint(2, 40)}.{rng.randint(0, 9)}m with savings of "
            f"£{rng.randint(50, 900)}k. {self.pick(WELSH)}",
            2,
        )
        text += folded("interdependencies", f"ICT, Finance and Legal support at {self.pick(PLACES)}.", 2)
        text += folded("workforce_needs", f"Recruitment in {self.pick(TOWNS)} remains hard. {self.pick(WELSH)}", 2)
        text += "\noutcomes:\n"
        groups: dict[str, list[tuple[str, str]]] = {o: [] for o in chosen}
        for n, item in enumerate(measures):
            groups[chosen[n % len(chosen)]].append(item)
        activity = 0
        for o_index, outcome in enumerate(chosen):
            text += f"  - outcome: {outcome}\n"
            for key, kind in (("indicators", "indicator"), ("performance_measures", "performance_measure")):
                ids = [ident for ident, k in groups[outcome] if k == kind]
                if ids:
                    text += f"    {key}:\n" + "".join(f"      - {ident}\n" for ident in ids)
            count = ACTIVITIES_PER_PLAN // len(chosen) + (1 if o_index < ACTIVITIES_PER_PLAN % len(chosen) else 0)
            if count:
                text += "    activities:\n"
            for _ in range(count):
                activity += 1
                text += self.activity(f"{code}-A{year[2:4]}{activity:02d}", year, first)
        text += "\nsign_off:\n"
        text += f"  approved_by: Cabinet Member for {title}\n"
        text += f"  date: {first}-03-{rng.randint(10, 28):02d}\n"
        return text

    def activity(self, ident: str, year: str, first: int) -> str:
        rng = self.rng
        title = self.words(self.pick(ACTIVITY_TITLES))
        text = f"      - id: {ident}\n"
        text += f"        title: {plain(title)}\n"
        text += folded("description", f"{title}. {self.pick(WELSH)}", 8)
        text += f"        lead: Service Manager, {self.pick(TOWNS)}\n"
        text += f"        start: {first}-04-01\n"
        text += f"        end: {first + 1}-03-31\n"
        if rng.random() < 0.5:
            text += f"        governance_areas:\n          - {self.pick(GOVERNANCE)}\n"
        text += "        updates:\n"
        for half in ("H1", "H2") if year == "2025-26" else ("H1",):
            text += f"          - period: {year} {half}\n"
            text += f"            status: {self.pick(UPDATE_STATUSES)}\n"
            text += folded("comment", self.words(self.pick(COMMENTS)), 12)
        return text


def generate(out_dir: Path, councils: int, seed: int = 0) -> list[Path]:
    """Write ``councils`` plans repositories under ``out_dir``; return their roots."""
    out_dir = Path(out_dir)
    roots = []
    for number in range(1, councils + 1):
        Council(number, seed).write(out_dir)
        roots.append(out_dir / f"council-{number:02d}")
    return roots


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write council-NN/ repositories into")
    parser.add_argument("--councils", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for root in generate(args.out, args.councils, args.seed):
        print(root)


if __name__ == "__main__":
    main()
