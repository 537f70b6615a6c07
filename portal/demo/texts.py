"""The words of the demo municipality: invented streets and places in the configured
areas, what residents write, what staff answer. Clearly fictional, no real people."""

# Invented streets and places per area slug (config AREAS); "ovrigt" is the countryside.
STREETS = {
    "bjuv": ["Kolbäraregatan", "Lavettvägen", "Smedjestigen", "Tegelbruksgatan", "Spinnrocksvägen",
             "Lärkbogatan", "Gruvfogdevägen", "Sockerbruksallén", "Malmstigen", "Vagnmakaregatan"],
    "billesholm": ["Schaktvägen", "Ängsfröstigen", "Kvarnhjulsgatan", "Hästhagsvägen", "Lyktgatan"],
    "ekeby": ["Rågfältsvägen", "Tröskvägen", "Linbastugatan", "Ekebacksstigen"],
    "skromberga": ["Lorendrängsvägen", "Stenkolsgatan", "Tornfalksvägen"],
    "gunnarstorp": ["Gårdsgatan", "Pilevallsvägen", "Alléstigen"],
    "morarp": ["Bäckdalsvägen", "Mölledammsvägen", "Kyrkbyvägen"],
    "ovrigt": ["Landsvägen mot Åstorp", "Gamla banvallen", "Vägen mot Kvidinge"],
}
LANDMARKS = {
    "bjuv": ["Stortorget", "Lavettskolan", "Kvarnparken", "Stationen", "Tegelbrukshallen",
             "Busstorget", "Idrottsplatsen Malmvallen", "Biblioteket"],
    "billesholm": ["Billesholms torg", "Schaktskolan", "Hästhagsparken", "Pendelparkeringen"],
    "ekeby": ["Ekeby centrum", "Rågfältsskolan", "Ekebybadet"],
    "skromberga": ["Skromberga bygdegård", "Lorensparken"],
    "gunnarstorp": ["Gunnarstorps busshållplats", "Pileparken"],
    "morarp": ["Mörarps skola", "Mölledammen"],
    "ovrigt": ["Rastplatsen vid banvallen", "Cykelvägen mellan byarna"],
}
PLACE_PATTERNS = [
    "{street} {number}", "Gångtunneln under {street}", "Busshållplatsen vid {landmark}",
    "Lekplatsen i {landmark}", "Gång- och cykelvägen längs {street}", "Parkeringen vid {landmark}",
    "Bakom {landmark}", "Korsningen {street}/{street2}",
]

# What residents write (description), the public title's noun, the public text.
DESCRIPTIONS = {
    "klotter": [
        "Nytt klotter på väggen, stora svarta bokstäver. Syns från hela vägen.",
        "Någon har sprejat på elskåpet och på två lyktstolpar i natt.",
        "Klotter med kränkande ord på busskuren. Barn går förbi här varje morgon.",
        "Taggar på hela fasaden och på papperskorgarna bredvid.",
    ],
    "skadegorelse": [
        "Glaset i busskuren är krossat, det ligger glas över hela trottoaren.",
        "Bänken är sönderslagen och en planka saknas.",
        "Någon har eldat i papperskorgen, den är helt bränd.",
        "Gungorna på lekplatsen är avskurna.",
    ],
    "trasig-belysning": [
        "Tre lampor i rad är släckta, det är helt mörkt på kvällen.",
        "Lampan blinkar hela tiden och slocknar ibland helt.",
        "Belysningen i gångtunneln fungerar inte sedan flera dagar.",
        "Gatlampan vid övergångsstället lyser inte.",
    ],
    "otrygg-plats": [
        "Det är mörkt och buskigt här, jag undviker att gå här på kvällen.",
        "Ingen insyn alls från husen, känns otryggt när man går hem från bussen.",
        "Stället är öde efter kl. 18 och det finns ingenstans att ta vägen.",
    ],
    "nedskrapning": [
        "Papperskorgarna är överfulla och skräpet blåser runt.",
        "Någon har dumpat säckar med avfall och en gammal madrass.",
        "Mycket glas och burkar efter helgen.",
    ],
    "skymmande-vaxtlighet": [
        "Buskarna har vuxit över gångvägen och skymmer lampan.",
        "Häcken vid utfarten är så hög att man inte ser cyklisterna.",
    ],
    "trafik": [
        "Bilarna kör alldeles för fort förbi skolan på morgonen.",
        "Övergångsstället är svårt att se när det är mörkt.",
        "Bilar parkerar på trottoaren så barnen måste gå ut i gatan.",
    ],
    "samling": [
        "Ett större gäng samlas varje kväll och det är mycket bråk och hög musik.",
        "Gäng som kör moped på gångvägen sent på kvällarna.",
        "Folk samlas vid entrén och det känns obehagligt att gå förbi.",
    ],
    "annat": [
        "Ett staket har blåst omkull och ligger över gångvägen.",
        "Brunnslocket är borta, det är ett stort hål i marken.",
        "En skylt har lossnat och hänger löst.",
    ],
}
PUBLIC_TEXTS = {
    "klotter": "Klotter på {place}.",
    "skadegorelse": "Skadegörelse på {place}.",
    "trasig-belysning": "Belysningen fungerar inte vid {place}.",
    "otrygg-plats": "Platsen känns otrygg, särskilt på kvällen: {place}.",
    "nedskrapning": "Skräp och avfall vid {place}.",
    "skymmande-vaxtlighet": "Växtlighet skymmer sikt eller belysning vid {place}.",
    "trafik": "Osäker trafiksituation vid {place}.",
    "samling": "Personer samlas på kvällarna vid {place} och det känns otryggt.",
    "annat": "Något är trasigt vid {place}.",
}
# A sentence naming someone: the coordinator rejects such reports instead of publishing.
NAMING_SOMEONE = "Det är alltid samma killar från {street}, alla vet vilka de är."

FIXED_NOTES = {
    "klotter": ["Klottret är borttaget.", "Vi har tvättat bort klottret.", None],
    "skadegorelse": ["Glaset är utbytt.", "Vi har lagat skadan.", "Den trasiga delen är utbytt.", None],
    "trasig-belysning": ["Lamporna är utbytta och lyser igen.", "Felet i kabeln är lagat.", None],
    "otrygg-plats": ["Vi har satt upp ny belysning och röjt buskarna.", "Vi har röjt och gallrat."],
    "nedskrapning": ["Vi har städat platsen.", "Avfallet är bortforslat.", None],
    "skymmande-vaxtlighet": ["Vi har klippt buskarna.", "Häcken är klippt."],
    "trafik": ["Vi har satt upp en ny skylt och målat om övergångsstället.",
               "Fartgupp är på plats."],
    "samling": ["Fältassistenter och kvällspromenader har varit på platsen flera kvällar.",
                "Vi har haft möten med föreningarna i området och ökat närvaron."],
    "annat": ["Vi har åtgärdat felet.", None],
}
PROGRESS_NOTES = [
    "Vi har skickat ärendet till vår entreprenör.", "Vi tittar på platsen den här veckan.",
    None, None,
]
SCHEDULED_NOTE = "Åtgärden är planerad till {week}."
NOT_RESPONSIBLE_NOTES = [
    "Platsen sköts av Trafikverket. Vi har skickat din anmälan till dem.",
    "Fastigheten är privat. Vi har kontaktat fastighetsägaren.",
    "Belysningen ägs av elbolaget. Vi har skickat felanmälan till dem.",
]
UNABLE_NOTES = [
    "Vi kan tyvärr inte åtgärda det här just nu. Vi tar med det i nästa års planering.",
    "Platsen är kontrollerad och vi hittade inget fel.",
]
REJECT_REASONS = ["Anmälan pekar ut namngivna personer.", "Ingen fråga för kommunen, skämtanmälan."]
HIDE_REASONS = ["Bilden och texten pekade ut en person.", "Platsen är en privat bostad."]
REPLIES = [
    "Tack för din anmälan! Vi har skickat den till rätt förvaltning.",
    "Tack! Vi har fått flera anmälningar om samma plats och prioriterar den.",
    "Vi har varit på platsen och följer upp nästa vecka.",
]
INTERNAL_NOTES = [
    "Ringde entreprenören, de kommer i morgon förmiddag.",
    "Samma plats som förra månaden. Ta upp på nästa möte i Trygga chefer.",
    "Kommunpolisen är informerad.", "Väntar på offert för ny belysning.",
    "Fältassistenterna tittar förbi i helgen.",
]
STAFF_REASONS = ["Fel förvaltning från början.", "Gäller skolans område.", None]

# Invented first and last names for staff, walkers and residents who left contact details.
FIRST_NAMES = ["Alva", "Bo", "Cecilia", "Dragan", "Elin", "Fredrik", "Gülay", "Hampus", "Ida",
               "Jonas", "Karin", "Leila", "Mats", "Nora", "Olle", "Petra", "Rasmus", "Sanna",
               "Tobias", "Ulla", "Vera", "Yusuf", "Åsa", "Östen"]
LAST_NAMES = ["Ahlgruva", "Bergkvistdal", "Carlsmark", "Dalbjörk", "Ekvallius", "Fjällgren",
              "Granstedtius", "Hedbäcker", "Ivarsdotter", "Jönsmark", "Kolbjörnsson", "Lindvreten"]

WALK_OBSERVATIONS = [
    "Lugnt i centrum. Några grupper vid stationen, trevlig stämning.",
    "Många ungdomar vid skolgården, vi pratade en stund med flera av dem.",
    "Trasig lampa i gångtunneln, klotter på elskåpet vid torget.",
    "Glaskross vid busshållplatsen. Mopeder på gångvägen.",
    None,
]
WALK_INCIDENTS = ["Ett bråk som löste sig när vi kom fram.", "En ungdom mådde dåligt, vi ringde en förälder."]
WALK_FREE_TEXT = ["Bra kväll!", "Vi behöver fler västar i storlek L.", None, None]

NEWS = [
    ("Kvällspromenader", "Nu kan du anmäla dig till sommarens kvällspromenader",
     "Vill du göra skillnad i ditt område? Följ med på en kvällspromenad i sommar."),
    ("Belysning", "Ny belysning i gångtunnlarna",
     "Vi byter till ljusare och tåligare lampor i flera gångtunnlar."),
    ("Klotter", "Så snabbt tar vi bort klotter",
     "Kränkande klotter tar vi bort inom ett dygn, annat klotter inom två dygn."),
    ("Trygghetsvandring", "Följ med på trygghetsvandring",
     "Tillsammans går vi runt i området och noterar vad som behöver bli bättre."),
    ("Medborgardialog", "Berätta var du känner dig otrygg",
     "Vi bjuder in till samtal om tryggheten där du bor."),
    ("Lägesbild", "Lägesbilden för kvartalet",
     "Så många anmälningar kom in och så mycket åtgärdades under kvartalet."),
    ("Kvällspromenader", "Tack till alla som gick kvällspromenader",
     "Så gick sommarens kvällspromenader: kvällar, vandrare och vad de såg."),
    ("Belysning", "Mörkare kvällar – anmäl trasig belysning",
     "När det blir mörkt tidigare märks det när en lampa inte fungerar."),
]
NEWS_BODY = """## Vad händer?

{summary} Det här är en påhittad nyhet i demokommunen.

- Anmäl det du ser på [Rapportera](/rapportera)
- Läs mer om [kvällspromenaderna](/promenader)

Har du frågor? Kontakta kommunens trygghetssamordnare.
"""
EVENTS = [
    ("Trygghetsvandring i {area}", "Vi går runt i {area} och noterar platser som känns otrygga."),
    ("Medborgardialog om trygghet i {area}", "Berätta var du känner dig trygg och otrygg."),
    ("Introduktion för nya kvällsvandrare", "Vi går igenom reglerna och delar ut västar."),
    ("Möte för föreningar om sommarens insatser", "Föreningar och kommunen planerar tillsammans."),
]
