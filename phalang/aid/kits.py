"""Crisis kits: what a flood, an epidemic, a fire or a heat wave asks and offers.

A kit is the single source for the needs a crisis offers, the vehicles it uses, the words people
write for those needs (in sheets and chats), and the triage questions to ask for each need. Forms,
the spreadsheet importer and the chat flow all read a kit from here; a coordinator picks one for
their group and may add words of their own (``actions.set_kit``).

The urgency rules themselves stay in ``triage.py``: a question's key always means the same thing,
whichever kit asked it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from phalang.aid.models import Need, VehicleKind


@dataclass(frozen=True)
class Question:
    """A triage question. ``tier`` is the urgency a "yes" (or a number below ``below``) gives."""

    key: str
    text_th: str
    text_en: str
    kind: str = "yes_no"  # or "number"
    tier: int = 3
    tier_vulnerable: int | None = None  # the tier when elderly, children or disabled people are there
    below: int | None = None  # for a number: the answer below this is the red flag
    low: int = 0
    high: int = 100
    needs: frozenset[str] = frozenset()  # empty: asked for every need


QUESTIONS: dict[str, Question] = {q.key: q for q in [
    # Epidemic (COVID-19 home isolation, 2021): Department of Medical Services referral signs.
    Question("breathing", "มีอาการหายใจลำบาก หอบเหนื่อย หรือไม่", "Is anyone short of breath?", tier=4),
    Question("spo2", "ค่าออกซิเจนในเลือด (SpO2) วัดได้กี่เปอร์เซ็นต์ (ถ้าไม่ได้วัด ให้ข้าม)",
             "Oxygen saturation (SpO2) in %, if measured", "number", tier=4, below=94, low=50, high=100),
    Question("chest_pain", "มีอาการเจ็บแน่นหน้าอก ซึม หรือปลุกไม่ตื่น หรือไม่",
             "Chest pain, confusion, or hard to wake?", tier=4),
    Question("fever", "มีไข้สูงเกิน 2 วัน หรือไม่", "High fever for more than two days?", tier=3),
    Question("medicine_out", "ยาประจำตัวจะหมดภายใน 2 วัน หรือไม่", "Will regular medicine run out within two days?",
             tier=3),
    Question("no_food", "ไม่มีอาหารกินมาแล้ว 24 ชั่วโมง หรือไม่", "No food for 24 hours?", tier=2, tier_vulnerable=3),
    # Flood.
    Question("trapped", "มีคนติดอยู่ในบ้านหรือบนหลังคา ออกเองไม่ได้ หรือไม่",
             "Is anyone trapped in the house or on the roof?", tier=4),
    Question("water_rising", "น้ำในบ้านสูงเกินเอว หรือยังขึ้นอยู่ หรือไม่",
             "Is the water inside above the waist, or still rising?", tier=3),
    Question("injured", "มีคนบาดเจ็บ ถูกไฟดูด หรือถูกสัตว์มีพิษกัด หรือไม่",
             "Is anyone injured, electrocuted or bitten by a venomous animal?", tier=4),
    Question("patient_at_home", "มีผู้ป่วยติดเตียง หรือผู้ที่ต้องใช้เครื่องมือแพทย์ (ออกซิเจน ฟอกไต) หรือไม่",
             "Is there a bedridden patient, or someone on medical equipment (oxygen, dialysis)?", tier=3),
    Question("no_water", "ไม่มีน้ำดื่มสะอาดเหลือแล้ว หรือไม่", "No clean drinking water left?", tier=2,
             tier_vulnerable=3),
    # Fire and haze.
    Question("smoke_breathing", "มีคนหายใจลำบากจากควัน หรือไม่", "Is anyone struggling to breathe from smoke?",
             tier=4),
    Question("burns", "มีคนถูกไฟไหม้หรือน้ำร้อนลวก หรือไม่", "Is anyone burnt?", tier=4),
    Question("home_lost", "บ้านเสียหายจนอยู่ไม่ได้ หรือไม่", "Is the home too damaged to stay in?", tier=3),
    # Heat.
    Question("heatstroke", "มีคนตัวร้อนจัด สับสน ซึม หรือหมดสติ หรือไม่",
             "Is anyone very hot, confused, drowsy or unconscious?", tier=4),
    Question("no_cooling", "ผู้สูงอายุหรือเด็กอยู่ในที่ร้อน ไม่มีพัดลมหรือที่เย็น หรือไม่",
             "Are elderly people or children in the heat with no fan or cool place?", tier=3),
]}


@dataclass(frozen=True)
class AddressQuestion:
    """Asked by every kit, for every need: where to go (or a shared location)."""

    key: str = "address"
    text_th: str = ("ที่อยู่ที่ให้อาสาสมัครไปหา (บ้านเลขที่ หมู่ ซอย จุดสังเกต) หรือส่งตำแหน่ง")
    text_en: str = "The address a volunteer should come to (house number, village, landmark), or share a location"
    kind: str = "text"


ADDRESS_QUESTION = AddressQuestion()

# Words for urgency in sheets and chats: Thai first, then English and the usual colour codes.
URGENCY_WORDS: dict[str, int] = {
    "ด่วนที่สุด": 4, "ด่วนมาก": 4, "ด่วนมากๆ": 4, "วิกฤต": 4, "วิกฤติ": 4, "ฉุกเฉิน": 4, "แดง": 4, "สีแดง": 4,
    "ด่วน": 3, "เร่งด่วน": 3, "สูง": 3, "ส้ม": 3, "สีส้ม": 3,
    "ปานกลาง": 2, "กลาง": 2, "ค่อนข้างด่วน": 2, "เหลือง": 2, "สีเหลือง": 2,
    "ปกติ": 1, "ไม่ด่วน": 1, "รอได้": 1, "ต่ำ": 1, "เขียว": 1, "สีเขียว": 1,
    "critical": 4, "very urgent": 4, "emergency": 4, "red": 4,
    "urgent": 3, "high": 3, "orange": 3,
    "medium": 2, "moderate": 2, "yellow": 2,
    "normal": 1, "low": 1, "not urgent": 1, "green": 1,
}


def urgency_from_text(text: str) -> int | None:
    """"ด่วนมาก" -> 4, "3" -> 3, "ด่วน!!" -> 3; None when the cell says nothing we know."""
    value = re.sub(r"[\s!.,;:()\-]+", " ", (text or "").strip().lower()).strip()
    if not value:
        return None
    if value.isdigit() or (value[:1].isdigit() and value.endswith(("/4", " 4"))):
        number = int(value.split("/")[0].split()[0])
        return number if 1 <= number <= 4 else None
    if value in URGENCY_WORDS:
        return URGENCY_WORDS[value]
    # "ด่วนมาก รอไม่ได้": the longest known word inside the cell.
    for word in sorted(URGENCY_WORDS, key=len, reverse=True):
        if word in value:
            return URGENCY_WORDS[word]
    return None


@dataclass(frozen=True)
class Kit:
    slug: str
    name_th: str
    name_en: str
    needs: tuple[str, ...]  # in priority order: a cell naming several needs files the first
    vehicles: tuple[str, ...]
    synonyms: Mapping[str, str]  # a word people write -> a need
    questions: tuple[str, ...]  # QUESTIONS keys, in the order to ask
    need_vehicles: Mapping[str, str] = field(default_factory=dict)  # beyond actions.NEED_DEFAULTS
    extra_synonyms: Mapping[str, str] = field(default_factory=dict)  # a coordinator's own words

    def questions_for(self, need: str = "") -> list[Question]:
        """The kit's questions that matter for ``need`` (all of them for no need)."""
        return [QUESTIONS[k] for k in self.questions
                if not need or not QUESTIONS[k].needs or need in QUESTIONS[k].needs]

    def all_synonyms(self) -> dict[str, str]:
        words = {n: n for n in self.needs}
        words.update({str(Need(n).label).lower(): n for n in self.needs})
        words.update({k.lower(): v for k, v in self.synonyms.items()})
        words.update({k.lower(): v for k, v in self.extra_synonyms.items()})
        # A shared word for a need this kit does not offer ("เงิน" in a flood) reads as nothing.
        return {k: v for k, v in words.items() if v in self.needs}

    def needs_in_text(self, text: str) -> list[str]:
        """Every need a free-text cell names, in the kit's priority order.

        Longest words first, each span read once: "โรงพยาบาล" is transport, not the "ยา" inside it.
        """
        rest = (text or "").lower()
        found: set[str] = set()
        for word, need in sorted(self.all_synonyms().items(), key=lambda kv: len(kv[0]), reverse=True):
            if word and word in rest:
                found.add(need)
                rest = rest.replace(word, " ")
        order = {n: i for i, n in enumerate(self.needs)}
        return sorted(found, key=lambda n: (order.get(n, len(order)), n))

    def with_words(self, extra: Mapping[str, str]) -> Kit:
        return Kit(self.slug, self.name_th, self.name_en, self.needs, self.vehicles, self.synonyms, self.questions,
                   self.need_vehicles, dict(extra))


# Which needs each question is for. A question without needs is asked for every need.
_NEEDS_OF: dict[str, frozenset[str]] = {
    "spo2": frozenset({Need.OXYGEN, Need.BED, Need.ISOLATION, Need.MEDICAL_TRANSPORT, Need.MEDICINE}),
    "fever": frozenset({Need.OXYGEN, Need.BED, Need.ISOLATION, Need.MEDICAL_TRANSPORT, Need.MEDICINE}),
    "medicine_out": frozenset({Need.MEDICINE, Need.BEDRIDDEN, Need.MEDICAL_TRANSPORT}),
    "no_food": frozenset({Need.FOOD, Need.SUPPLIES, Need.CASH, Need.OTHER}),
    "no_water": frozenset({Need.WATER, Need.FOOD, Need.SUPPLIES, Need.OTHER}),
    "water_rising": frozenset({Need.EVACUATION, Need.BOAT, Need.BEDRIDDEN, Need.FOOD, Need.WATER, Need.OTHER}),
    "patient_at_home": frozenset({Need.EVACUATION, Need.BOAT, Need.BEDRIDDEN, Need.MEDICINE,
                                  Need.MEDICAL_TRANSPORT}),
    "home_lost": frozenset({Need.SHELTER, Need.EVACUATION, Need.FOOD, Need.OTHER}),
    "no_cooling": frozenset({Need.COOLING, Need.WATER, Need.OTHER}),
}
QUESTIONS = {k: Question(q.key, q.text_th, q.text_en, q.kind, q.tier, q.tier_vulnerable, q.below, q.low, q.high,
                         _NEEDS_OF.get(k, frozenset())) for k, q in QUESTIONS.items()}

_COMMON_WORDS = {
    "ยา": Need.MEDICINE, "ยาประจำตัว": Need.MEDICINE, "ยาสามัญ": Need.MEDICINE, "medicine": Need.MEDICINE,
    "โรงพยาบาล": Need.MEDICAL_TRANSPORT, "ส่งโรงพยาบาล": Need.MEDICAL_TRANSPORT, "รถพยาบาล": Need.MEDICAL_TRANSPORT,
    "ไปหาหมอ": Need.MEDICAL_TRANSPORT, "hospital": Need.MEDICAL_TRANSPORT, "ambulance": Need.MEDICAL_TRANSPORT,
    "อาหาร": Need.FOOD, "ข้าว": Need.FOOD, "ข้าวกล่อง": Need.FOOD, "อาหารแห้ง": Need.FOOD, "มาม่า": Need.FOOD,
    "บะหมี่": Need.FOOD, "ถุงยังชีพ": Need.FOOD, "food": Need.FOOD, "food pack": Need.FOOD, "food packs": Need.FOOD,
    "น้ำดื่ม": Need.WATER, "น้ำเปล่า": Need.WATER, "น้ำสะอาด": Need.WATER, "water": Need.WATER,
    "drinking water": Need.WATER,
    "ของใช้": Need.SUPPLIES, "ของใช้จำเป็น": Need.SUPPLIES, "ผ้าห่ม": Need.SUPPLIES, "ผ้าอ้อม": Need.SUPPLIES,
    "ผ้าอนามัย": Need.SUPPLIES, "supplies": Need.SUPPLIES, "blanket": Need.SUPPLIES,
    "เงิน": Need.CASH, "เงินช่วยเหลือ": Need.CASH, "cash": Need.CASH,
    "อื่นๆ": Need.OTHER, "อื่น ๆ": Need.OTHER, "other": Need.OTHER,
}

KITS: dict[str, Kit] = {k.slug: k for k in [
    Kit("flood", "น้ำท่วม", "Flood",
        needs=(Need.EVACUATION, Need.BOAT, Need.BEDRIDDEN, Need.MEDICAL_TRANSPORT, Need.MEDICINE, Need.WATER,
               Need.FOOD, Need.SHELTER, Need.SUPPLIES, Need.OTHER),
        vehicles=(VehicleKind.NONE, VehicleKind.MOTORCYCLE, VehicleKind.PICKUP, VehicleKind.TRUCK, VehicleKind.BOAT),
        synonyms={**_COMMON_WORDS,
                  "อพยพ": Need.EVACUATION, "ย้ายออก": Need.EVACUATION, "ติดอยู่": Need.EVACUATION,
                  "ติดค้าง": Need.EVACUATION, "ช่วยออก": Need.EVACUATION, "ช่วยเหลือออก": Need.EVACUATION,
                  "ขนย้าย": Need.EVACUATION, "evacuate": Need.EVACUATION, "evacuation": Need.EVACUATION,
                  "rescue": Need.EVACUATION,
                  "เรือ": Need.BOAT, "เรือท้องแบน": Need.BOAT, "boat": Need.BOAT,
                  "ติดเตียง": Need.BEDRIDDEN, "ผู้ป่วยติดเตียง": Need.BEDRIDDEN, "คนป่วยติดเตียง": Need.BEDRIDDEN,
                  "bedridden": Need.BEDRIDDEN,
                  "ที่พัก": Need.SHELTER, "ศูนย์พักพิง": Need.SHELTER, "ที่พักชั่วคราว": Need.SHELTER,
                  "shelter": Need.SHELTER,
                  "น้ำ": Need.WATER},
        questions=("trapped", "injured", "water_rising", "patient_at_home", "medicine_out", "no_water", "no_food"),
        need_vehicles={Need.EVACUATION: VehicleKind.TRUCK, Need.BEDRIDDEN: VehicleKind.TRUCK,
                       Need.BOAT: VehicleKind.BOAT, Need.WATER: VehicleKind.MOTORCYCLE,
                       Need.FOOD: VehicleKind.MOTORCYCLE}),
    Kit("epidemic", "โรคระบาด", "Epidemic",
        needs=(Need.OXYGEN, Need.BED, Need.MEDICAL_TRANSPORT, Need.ISOLATION, Need.MEDICINE, Need.FOOD,
               Need.SUPPLIES, Need.CASH, Need.OTHER),
        vehicles=(VehicleKind.NONE, VehicleKind.MOTORCYCLE, VehicleKind.CAR, VehicleKind.PICKUP, VehicleKind.VAN),
        synonyms={**_COMMON_WORDS,
                  "ออกซิเจน": Need.OXYGEN, "ถังออกซิเจน": Need.OXYGEN, "เครื่องผลิตออกซิเจน": Need.OXYGEN,
                  "oxygen": Need.OXYGEN,
                  "เตียง": Need.BED, "หาเตียง": Need.BED, "bed": Need.BED,
                  "กักตัว": Need.ISOLATION, "แยกกักตัว": Need.ISOLATION, "ที่แยกกักตัว": Need.ISOLATION,
                  "isolation": Need.ISOLATION, "ฟ้าทะลายโจร": Need.MEDICINE, "รถ": Need.MEDICAL_TRANSPORT},
        questions=("breathing", "spo2", "chest_pain", "fever", "medicine_out", "no_food")),
    Kit("fire", "ไฟป่าและหมอกควัน", "Fire and haze",
        needs=(Need.EVACUATION, Need.MEDICAL_TRANSPORT, Need.SHELTER, Need.MASKS, Need.MEDICINE, Need.WATER,
               Need.FOOD, Need.SUPPLIES, Need.OTHER),
        vehicles=(VehicleKind.NONE, VehicleKind.MOTORCYCLE, VehicleKind.CAR, VehicleKind.PICKUP, VehicleKind.TRUCK),
        synonyms={**_COMMON_WORDS,
                  "อพยพ": Need.EVACUATION, "ย้ายออก": Need.EVACUATION, "evacuate": Need.EVACUATION,
                  "evacuation": Need.EVACUATION,
                  "ที่พัก": Need.SHELTER, "ศูนย์พักพิง": Need.SHELTER, "shelter": Need.SHELTER,
                  "หน้ากาก": Need.MASKS, "หน้ากากอนามัย": Need.MASKS, "n95": Need.MASKS, "mask": Need.MASKS,
                  "masks": Need.MASKS, "น้ำ": Need.WATER},
        questions=("trapped", "smoke_breathing", "burns", "injured", "home_lost", "medicine_out", "no_water"),
        need_vehicles={Need.EVACUATION: VehicleKind.PICKUP}),
    Kit("heat", "คลื่นความร้อน", "Heat wave",
        needs=(Need.MEDICAL_TRANSPORT, Need.COOLING, Need.WATER, Need.MEDICINE, Need.FOOD, Need.OTHER),
        vehicles=(VehicleKind.NONE, VehicleKind.MOTORCYCLE, VehicleKind.CAR, VehicleKind.PICKUP),
        synonyms={**_COMMON_WORDS,
                  "พัดลม": Need.COOLING, "ที่เย็น": Need.COOLING, "ห้องแอร์": Need.COOLING, "แอร์": Need.COOLING,
                  "cooling": Need.COOLING, "fan": Need.COOLING, "น้ำ": Need.WATER},
        questions=("heatstroke", "no_cooling", "medicine_out", "no_water")),
]}
DEFAULT_KIT = "epidemic"


def get(slug: str, extra_words: Mapping[str, str] | None = None) -> Kit:
    kit = KITS.get(slug) or KITS[DEFAULT_KIT]
    return kit.with_words(extra_words) if extra_words else kit


def choices() -> list[tuple[str, str]]:
    return [(k.slug, f"{k.name_th} ({k.name_en})") for k in KITS.values()]


def question_keys(kits: Iterable[Kit] | None = None) -> set[str]:
    return {q for k in (kits or KITS.values()) for q in k.questions}
