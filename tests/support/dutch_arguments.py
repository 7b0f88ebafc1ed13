"""Forty Dutch arguments on five themes, as residents write them."""
THEMES = {
    "speeltuin": [
        "Een nieuwe speeltuin voor de kinderen in de buurt", "De speeltuin bij de school is kapot",
        "Kinderen hebben een veilige speeltuin nodig", "Meer speeltoestellen in de speeltuin voor peuters",
        "De speeltuin moet ook geschikt zijn voor kinderen met een beperking",
        "Een speeltuin met een klimrek en schommels", "Speeltuin opknappen zodat kinderen buiten spelen",
        "In de speeltuin is geen schaduw voor kinderen"],
    "bomen": [
        "Meer bomen in de straat voor schaduw", "Bomen planten tegen de hitte in de zomer",
        "De bomen in het park zijn oud en moeten vervangen", "Extra bomen langs de gracht",
        "Bomen en groen maken de straat koeler", "Plant bomen op het lege plein",
        "Fruitbomen in de buurt voor iedereen", "Bomen geven vogels een plek"],
    "parkeren": [
        "Parkeren is een groot probleem in onze straat", "Te weinig parkeerplaatsen voor bewoners",
        "Parkeerplaatsen voor bewoners met een vergunning", "Auto's parkeren op de stoep",
        "Minder parkeerplaatsen en meer ruimte voor fietsen", "Parkeergarage onder het plein",
        "Betaald parkeren voor bezoekers", "Parkeren voor deelauto's reserveren"],
    "bankjes": [
        "Bankjes op het plein voor ouderen", "Meer bankjes langs het water om te rusten",
        "Ouderen willen bankjes om even te zitten", "Bankjes met een rugleuning",
        "Bankjes bij de bushalte", "Picknicktafels en bankjes in het park",
        "Bankjes in de schaduw", "Oude bankjes zijn kapot en moeten vervangen"],
    "verlichting": [
        "Betere verlichting in het donkere steegje", "Straatverlichting werkt vaak niet",
        "Verlichting langs het fietspad voor veiligheid", "Led verlichting bespaart energie",
        "Meer verlichting bij het park in de avond", "Verlichting bij de ingang van de flat",
        "Donkere hoeken veiliger maken met verlichting", "Slimme verlichting die aangaat als je langskomt"],
}
