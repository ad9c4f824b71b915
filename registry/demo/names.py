"""Family names and distinctive words that Kuwaiti company names are built from, in both scripts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

NameKind = Literal["family", "word", "given"]


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One naming element: its Arabic spelling and the Latin spellings people really use."""

    arabic: str
    latin: tuple[str, ...]
    kind: NameKind

    @property
    def canonical(self) -> str:
        """The most common Latin spelling."""
        return self.latin[0]


# Arabic | Latin spellings, most common first. The ruling family's name is deliberately absent, and so are
# its branch names (Al-Salem, Al-Fahad...), because a demo must not put them on recruitment offices.
_FAMILIES = """
المطيري|Al-Mutairi,Almutairi,Al Mutairy,El-Mutairi,Mutairi
العتيبي|Al-Otaibi,Alotaibi,Al Otaiby,Al-Utaibi,Otaibi
العجمي|Al-Ajmi,Alajmi,Al Ajmy,El-Ajmi
الرشيدي|Al-Rashidi,Alrashidi,Al Rasheedi,Al-Rashedi
الكندري|Al-Kandari,Alkandari,Al Kandary,Kandari
بهبهاني|Behbehani,Behbahani,Bahbahani
الشمري|Al-Shammari,Alshammari,Al Shammary,Al-Shemmari
العنزي|Al-Enezi,Al-Anazi,Alenezi,Al Enizi,Enezi
الهاجري|Al-Hajri,Alhajri,Al Hajiri,Al-Hajeri
الدوسري|Al-Dosari,Aldosari,Al Dossary,Al-Dawsari
الفضلي|Al-Fadhli,Alfadhli,Al Fadli,Al-Fudhli
القحطاني|Al-Qahtani,Alqahtani,Al Kahtani,Al-Gahtani
الخالدي|Al-Khalidi,Alkhalidi,Al Khaldi,Al-Khaledi
البناي|Al-Bannai,Albannai,Al Banay
الغانم|Al-Ghanim,Alghanim,Al Ghanem
الصقر|Al-Saqer,Alsaqer,Al Sager,Al-Saqr
المرزوق|Al-Marzouq,Almarzouq,Al Marzook
الخرافي|Al-Kharafi,Alkharafi,Al Kharafy
الشايع|Al-Shaya,Alshaya,Al Shaye
البحر|Al-Bahar,Albahar,Al Bahr
الحمد|Al-Hamad,Alhamad,Al Hamed
العيسى|Al-Essa,Alessa,Al Eisa,Al-Issa
الفليج|Al-Fulaij,Alfulaij,Al Flaij
الرومي|Al-Roumi,Alroumi,Al Rumi
المضف|Al-Mudhaf,Almudhaf,Al Modhaf
القناعي|Al-Qenaei,Alqenaei,Al Kenaei,Al-Qinai
الصالح|Al-Saleh,Alsaleh,Al Salih
الإبراهيم|Al-Ibrahim,Alibrahim,Al Ebrahim
العوضي|Al-Awadhi,Alawadhi,Al Awadi
الأنصاري|Al-Ansari,Alansari,Al Ansary
دشتي|Dashti,Dashty,Dashtti
معرفي|Marafie,Maarafi,Marafi
أشكناني|Ashkanani,Ashknani,Eshkanani
بوشهري|Boushehri,Bushehri,Bushahri
الطبطبائي|Al-Tabtabaei,Altabtabaei,Al Tabtabai
الموسوي|Al-Mousawi,Almousawi,Al Musawi
الرفاعي|Al-Refai,Alrefai,Al Rifai,Al-Refaie
السعيدي|Al-Saeedi,Alsaeedi,Al Saidi
العازمي|Al-Azmi,Alazmi,Al Azemi
المري|Al-Marri,Almarri,Al Murri
الظفيري|Al-Dhafiri,Aldhafiri,Al Thafiri,Al-Zafiri
الحربي|Al-Harbi,Alharbi,Al Harby
السبيعي|Al-Subaie,Alsubaie,Al Subaiee
الجسار|Al-Jassar,Aljassar,Al Jasser
الساير|Al-Sayer,Alsayer,Al Sayyar
الوزان|Al-Wazzan,Alwazzan,Al Wazan
الغنيم|Al-Ghunaim,Alghunaim,Al Ghenaim
البدر|Al-Bader,Albader,Al Badr
المطوع|Al-Mutawa,Almutawa,Al Mutawaa
الحساوي|Al-Hasawi,Alhasawi,Al Hassawi
النصف|Al-Nisf,Alnisf,Al Nusf
العصفور|Al-Asfour,Alasfour,Al Asfoor
الشطي|Al-Shatti,Alshatti,Al Shatty
الكليب|Al-Kulaib,Alkulaib,Al Kuleib
الدعيج|Al-Duaij,Alduaij,Al Doaij
العثمان|Al-Othman,Alothman,Al Osman
العمر|Al-Omar,Alomar,Al Omer
الفارس|Al-Fares,Alfares,Al Faris
الحجرف|Al-Hajraf,Alhajraf,Al Hagraf
الهولي|Al-Houli,Alhouli,Al Hooli
الملا|Al-Mulla,Almulla,Al Mullah
القطان|Al-Qattan,Alqattan,Al Kattan
الربيعان|Al-Rubaian,Alrubaian,Al Rebaian
المسلم|Al-Muslim,Almuslim,Al Moslem
بودي|Boodai,Bodai,Budai
بورسلي|Bourisli,Boursli,Bourusly
الرشيد|Al-Rashed,Alrashed,Al Rasheed
التميمي|Al-Tamimi,Altamimi,Al Tameemi
العدواني|Al-Adwani,Aladwani,Al Edwani
الديحاني|Al-Daihani,Aldaihani,Al Dihani
السهلي|Al-Sahli,Alsahli,Al Sahly
البذالي|Al-Bathali,Albathali,Al Bazali
الفيلكاوي|Al-Failakawi,Alfailakawi,Al Failakawy
الجارالله|Al-Jarallah,Aljarallah,Al Jaralla
المنيس|Al-Munais,Almunais,Al Mounais
الحداد|Al-Haddad,Alhaddad,Al Hadad
النجار|Al-Najjar,Alnajjar,Al Najar
الخياط|Al-Khayyat,Alkhayyat,Al Khayat
الصراف|Al-Sarraf,Alsarraf,Al Saraf
القلاف|Al-Qallaf,Alqallaf,Al Gallaf
العلي|Al-Ali,Alali,Al Aly
الحسيني|Al-Husaini,Alhusaini,Al Hussaini
البصيري|Al-Busairi,Albusairi,Al Buseiri
الحمدان|Al-Hamdan,Alhamdan,Al Hamadan
الفرحان|Al-Farhan,Alfarhan,Al Farhaan
الخميس|Al-Khamees,Alkhamees,Al Khamis
الزيد|Al-Zaid,Alzaid,Al Zayed
الصانع|Al-Sane,Alsane,Al Sanea
الهاشم|Al-Hashem,Alhashem,Al Hashim
البغلي|Al-Baghli,Albaghli,Al Baghly
المهيني|Al-Muhaini,Almuhaini,Al Mehaini
العنجري|Al-Anjari,Alanjari,Al Enjari
الحيدر|Al-Haider,Alhaider,Al Hayder
الياسين|Al-Yaseen,Alyaseen,Al Yassin
الخضير|Al-Khudair,Alkhudair,Al Khedair
الجيران|Al-Jeeran,Aljeeran,Al Jiran
الشرهان|Al-Sharhan,Alsharhan,Al Sharhaan
"""

_WORDS = """
النخبة|Al-Nukhba,Al-Nokhba,Alnukhba,Al Nokhbah
الصفوة|Al-Safwa,Al-Safwah,Alsafwa
الأمانة|Al-Amana,Al-Amanah,Alamana
النجمة|Al-Najma,Al-Najmah,Alnajma
الوفاء|Al-Wafa,Al-Wafaa,Alwafa
الأمل|Al-Amal,Alamal,Al Amaal
الرواد|Al-Rowad,Al-Ruwad,Alrowad
الفجر|Al-Fajr,Al-Fajer,Alfajr
السلام|Al-Salam,Al-Salaam,Alsalam
النور|Al-Noor,Al-Nour,Alnoor
الهدى|Al-Huda,Al-Hoda,Alhuda
الريان|Al-Rayyan,Al-Rayan,Alrayyan
الجزيرة|Al-Jazeera,Al-Jazira,Aljazeera
الواحة|Al-Waha,Al-Wahah,Alwaha
الياسمين|Al-Yasmeen,Al-Yasmin,Alyasmeen
الفيروز|Al-Fairouz,Al-Fayrouz,Alfairouz
اللؤلؤة|Al-Lulua,Al-Luluah,Allulua
المرجان|Al-Marjan,Almarjan,Al Murjan
الدانة|Al-Dana,Al-Danah,Aldana
البركة|Al-Baraka,Al-Barakah,Albaraka
الثقة|Al-Thiqa,Al-Theqa,Althiqa
الإتقان|Al-Itqan,Al-Etqan,Alitqan
الإبداع|Al-Ibdaa,Al-Ebdaa,Alibdaa
الريادة|Al-Riyada,Al-Reyada,Alriyada
التميز|Al-Tamayoz,Al-Tamayuz,Altamayoz
النخيل|Al-Nakheel,Al-Nakhil,Alnakheel
الفنار|Al-Fanar,Alfanar,Al Fanaar
الشروق|Al-Shorouq,Al-Shurooq,Alshorouq
الأفق|Al-Ufuq,Al-Ofoq,Alofoq
المنار|Al-Manar,Almanar,Al Manaar
السفير|Al-Safeer,Al-Safir,Alsafeer
الراية|Al-Raya,Al-Rayah,Alraya
القمة|Al-Qimma,Al-Qemma,Alqimma
الساحل|Al-Sahel,Al-Sahil,Alsahel
البيان|Al-Bayan,Albayan,Al Bayaan
الدرة|Al-Durra,Al-Dorra,Aldurra
الفردوس|Al-Firdous,Al-Ferdous,Alfirdous
الأصالة|Al-Asala,Al-Asalah,Alasala
الكوثر|Al-Kawthar,Al-Kauthar,Alkawthar
الإخلاص|Al-Ikhlas,Al-Ekhlas,Alikhlas
البشائر|Al-Bashaer,Al-Bashayer,Albashaer
المستقبل|Al-Mustaqbal,Al-Mostakbal,Almustaqbal
الهلال|Al-Hilal,Al-Helal,Alhilal
الأنوار|Al-Anwar,Alanwar,Al Anwaar
الرحمة|Al-Rahma,Al-Rahmah,Alrahma
الندى|Al-Nada,Alnada,Al Nadaa
السنبلة|Al-Sunbula,Al-Sanbala,Alsunbula
الماسة|Al-Masa,Al-Massa,Almassa
الصفاء|Al-Safa,Al-Safaa,Alsafa
"""


_GIVEN_MALE = """
فهد|Fahad,Fahd
عبدالله|Abdullah,Abdulla,Abdallah
محمد|Mohammad,Mohammed,Mohamed
خالد|Khaled,Khalid
سعد|Saad,Sa'ad
ناصر|Nasser,Naser
فيصل|Faisal,Faysal
بدر|Bader,Badr
مشاري|Mishari,Meshari
طلال|Talal,Talaal
يوسف|Yousef,Yousif,Yusuf
أحمد|Ahmad,Ahmed
علي|Ali,Aly
حمد|Hamad,Hamed
سالم|Salem,Salim
عادل|Adel,Adil
جاسم|Jassim,Jasem
مبارك|Mubarak,Mobarak
نواف|Nawaf,Nawwaf
سلطان|Sultan,Sultaan
تركي|Turki,Turky
وليد|Waleed,Walid
إبراهيم|Ibrahim,Ebrahim
حسين|Hussain,Hussein,Husain
سامي|Sami,Samy
ماجد|Majed,Majid
حمود|Hamoud,Hamood
ضاري|Dhari,Dari
مشعل|Meshal,Mishal
عبدالعزيز|Abdulaziz,Abdul Aziz
عبدالرحمن|Abdulrahman,Abdul Rahman
عمر|Omar,Omer
أنور|Anwar,Anwer
"""

_GIVEN_FEMALE = """
فاطمة|Fatima,Fatma
مريم|Maryam,Mariam
نورة|Noura,Nora
حصة|Hessa,Hissa
سارة|Sara,Sarah
شيخة|Shaikha,Sheikha
لولوة|Lulwa,Loulwa
عائشة|Aisha,Aesha
ريم|Reem,Rim
منيرة|Munira,Muneera
لطيفة|Latifa,Lateefa
"""


def _parse(block: str, kind: NameKind) -> tuple[NameEntry, ...]:
    entries = []
    for line in block.strip().splitlines():
        arabic, latin = line.split("|")
        entries.append(NameEntry(arabic=arabic, latin=tuple(latin.split(",")), kind=kind))
    return tuple(entries)


FAMILY_NAMES: tuple[NameEntry, ...] = _parse(_FAMILIES, "family")
DISTINCTIVE_WORDS: tuple[NameEntry, ...] = _parse(_WORDS, "word")
ALL_ENTRIES: tuple[NameEntry, ...] = FAMILY_NAMES + DISTINCTIVE_WORDS
MALE_GIVEN_NAMES: tuple[NameEntry, ...] = _parse(_GIVEN_MALE, "given")
FEMALE_GIVEN_NAMES: tuple[NameEntry, ...] = _parse(_GIVEN_FEMALE, "given")
GIVEN_NAMES: tuple[NameEntry, ...] = MALE_GIVEN_NAMES + FEMALE_GIVEN_NAMES
