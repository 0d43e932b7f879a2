"""The classes of misreading the held-out sets found, each pinned by a wording of our own (not the sets').

Each case says what a person would expect: the intents in order and the slots that matter; `sure` is
whether the reading may act without asking (confidence at or above the `auto` threshold).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from graphs.parsing.cleanup import prepare
from graphs.parsing.engine import OfflineParser
from graphs.parsing.slot_doubts import slot_doubts
from odoo_tools.client.clock import Clock, set_clock

PARSER = OfflineParser()
NOW = "2027-03-10T09:00:00"  # a Wednesday

CASES: list[tuple[str, list[str], dict[str, Any], bool]] = [
    # a keyword inside a capitalised name is part of the name
    ("how many Order Pad do we have left?", ["stock_level"], {"product": "Order Pad"}, True),
    ("quote Ship Shape Ltd 3 Lead Pencil at 2", ["create_quotation"], {"customer": "Ship Shape Ltd"}, True),
    # sizes, models, codes and vintages stay in names
    ("order 40 Paint Tin 5L from Colour House", ["create_purchase"], {"vendor": "Colour House"}, True),
    ("add 3 Cartridge HP-305 to S00077", ["add_lines"], {"order": "S00077"}, True),
    ("quote Cellier Martin 6 Brouilly 2021 at 12", ["create_quotation"], {"lines": [{"qty": 6.0}]}, True),
    # a number inside a name, when a price or a unit follows it; two lines said without "and" stay two
    (
        "quote Verdi Optics 3 Frame Luca 50-20 Black at 90",
        ["create_quotation"],
        {"lines": [{"product": "Frame Luca 50-20 Black", "qty": 3.0}]},
        True,
    ),
    (
        "quote Acme 5 chairs 3 tables",
        ["create_quotation"],
        {"lines": [{"product": "chairs"}, {"product": "tables"}]},
        True,
    ),
    # a unit of measure before the product
    ("invoice Dune Studio for 4 hours of Design at 80", ["create_invoice"], {"customer": "Dune Studio"}, True),
    # a party named with a possessive
    ("Greenleaf's unpaid invoices", ["list_unpaid_invoices"], {"customer": "Greenleaf"}, True),
    # requests split on separators and bound to the record before
    ("log 3h on task #12 and move it to Done", ["log_timesheet", "move_task_stage"], {}, True),
    ("confirm S00090; also what's running low?", ["confirm_order", "low_stock_report"], {}, True),
    # news said as a statement
    ("Birch & Co paid 700 on their invoice", ["register_payment"], {"invoice": "Birch & Co", "amount": 700.0}, True),
    ("Nordlys Cafe moved to 4 Harbour Road, Leith", ["update_contact"], {"contact": "Nordlys Cafe"}, True),
    # calendar bookings without a booking verb, every attendee
    (
        "meeting with Ana and Bo Lind on Friday at 10am, call it Kickoff",
        ["create_event"],
        {"name": "Kickoff", "attendees": ["Ana", "Bo Lind"], "start": "2027-03-12T10:00:00"},
        True,
    ),
    ("réunion « Bilan » jeudi de 14h à 15h30", ["create_event"], {"duration_hours": 1.5}, True),
    # numbers in words; a capitalised one inside a sentence stays in the name
    ("quote Acme twenty-five chairs", ["create_quotation"], {"lines": [{"qty": 25.0}]}, True),
    ("devis pour Les Quatre Vents : 2 Lampe à 30 €", ["create_quotation"], {"customer": "Les Quatre Vents"}, True),
    # past actions asked are reads
    ("est-ce que Maison Rivet nous a payé ?", ["list_unpaid_invoices"], {"customer": "Maison Rivet"}, True),
    ("did we order anything from Tessera Supply this month?", ["list_purchases"], {}, True),
    # what the rules cannot be sure of is never acted on alone
    ("quote Acme 5 chairs, show me", ["create_quotation"], {}, False),
    ("new task 'Pack orders' in Depot, due Friday the 13th maybe", ["create_task"], {}, True),
    # a statement beside a request tells why; it is not a request to read
    (
        "INV/2027/00040 is a month late, send them a reminder",
        ["list_unpaid_invoices", "send_payment_reminder"],
        {},
        False,
    ),
    # a container before the product: part of its name or its packing, the words do not say
    ("order 12 boxes of Nails 40mm from Fixit Supply", ["create_purchase"], {}, False),
    # a person's own words are kept as written: a French colour is stored in French
    ("enregistre la voiture Renault Clio immatriculée AB-123-CD, grise", ["create_vehicle"], {"color": "grise"}, True),
    # a question is never the act, unless asked politely
    ("MO-0041 finished?", ["production_status"], {"production": "MO-0041"}, True),
    ("PO P00041 received?", ["receive_purchase"], {}, False),
    # a unit read as a product, a name the message goes on after, a person named by a title
    ("order 40 Inner Tube 27 inch from Cyclo Supply at 4", ["create_purchase"], {}, False),
    ("Mr Haddad says his Tent Peg Set came without pegs - open a ticket", ["create_ticket"], {}, False),
    ("les devis envoyés ce mois-ci", ["list_orders"], {"state": "sent"}, True),
    # a record moved by number or quoted name; a pipeline stage is a lead's
    ("move #31 to In Review", ["move_task_stage"], {"task": "#31", "stage": "In Review"}, True),
    ("what's overdue from our suppliers?", ["list_purchases"], {"state": "late"}, True),
    ("garde entre 10 et 40 Sachet Thé Vert en stock", ["set_reorder_rule"], {"min_qty": 10.0, "max_qty": 40.0}, True),
    ("devis au nom de Atelier Brun pour 2 Veste Lin à 120 €", ["create_quotation"], {"customer": "Atelier Brun"}, True),
    ("crée le produit Agenda Bureau 2028 à 19 €", ["create_product"], {"name": "Agenda Bureau 2028"}, True),
    # a name ending in a linking word ran into the words after it
    ("invoice Brun Avocats of 2 Audit Day at 500", ["create_invoice"], {}, False),
    # a correction says both numbers; the one corrected away is no quantity
    ("on S00071 it's 8 Oak Stool, not 6", ["set_quantity"], {"product": "Oak Stool", "qty": 8.0}, True),
    # a payment said by its means
    ("got a bank transfer of 900 for INV/2027/00051", ["register_payment"], {"amount": 900.0}, True),
    # a booking with its own event word, named as said
    ("book a site visit Friday 9:30, 1 hour", ["create_event"], {"name": "site visit", "duration_hours": 1.0}, True),
    # hours on a numbered task said without "log"; what they were for in brackets
    ("2.5h on #77 (fence repair)", ["log_timesheet"], {"task": "#77", "description": "fence repair"}, True),
    # a task given to someone, due at the end of next week
    (
        "task 'Order sand' in Yard Works, give it to Ola, due end of next week",
        ["create_task"],
        {"assignee": "Ola", "deadline": "2027-03-19"},
        True,
    ),
    # the party a payment question opens on; a line with no product on a named order is doubted
    ("has Mill Lane Bakery paid us yet?", ["list_unpaid_invoices"], {"customer": "Mill Lane Bakery"}, True),
    ("Café Lune nous a payé ou pas ?", ["list_unpaid_invoices"], {"customer": "Café Lune"}, True),
    ("put 3 on S00042", ["add_lines"], {}, False),
    # a middle step kept ("confirm it and raise the invoice", "confirm + finish"); a unit before a product;
    # a number inside a name in a comma-separated list
    (
        "quote Lark Farm 2 Gate Hinge at 9, confirm it and raise the invoice",
        ["create_quotation"],
        {"then": ["confirm", "invoice"]},
        True,
    ),
    ("make 4 Oak Bench, confirm + finish", ["create_production"], {"then": ["confirm", "finish"]}, True),
    (
        "order 20 kg Rye Flour from Moulin Vert at 1.10",
        ["create_purchase"],
        {"lines": [{"product": "Rye Flour", "qty": 20.0}]},
        True,
    ),
    ("BoM for Desk Kit: 1 Panel 120 Oak Top, 4 Leg Steel, 8 Screw M6", ["create_bom"], {}, False),
    # a deal won or lost said without the word "lead": by its reference, by "we", by "mark him"; "won't" is none
    ("won #87", ["mark_lead"], {"lead": "#87", "outcome": "won"}, True),
    ("on a perdu la #12, motif : budget", ["mark_lead"], {"lead": "#12", "reason": "budget"}, False),
    ("we just won Quayside Hotel!", ["mark_lead"], {"lead": "Quayside Hotel", "outcome": "won"}, True),
    ("Priya Shah chose a competitor, mark her lost", ["mark_lead"], {"lead": "Priya Shah"}, False),
    ("mark Quayside Hotel as won", ["mark_lead"], {"lead": "Quayside Hotel"}, True),
    ("we lost the keys to the van", ["unsupported"], {}, False),
    # a lead named before its word; leads at a stage asked without a verb ("New" is a stage there)
    ("move the Quayside Hotel deal to Negotiation", ["move_lead_stage"], {"lead": "Quayside Hotel"}, True),
    ("any leads still in New?", ["list_leads"], {"stage": "New"}, True),
    ("les opportunités au stade Négociation ?", ["list_leads"], {"stage": "Négociation"}, True),
    # a new lead: its name after "lead -" or "called", a mobile the clean-up left as digits, "15 grand"
    (
        "new lead - Baxter Joinery, 07911 123456, maybe 8k",
        ["create_lead"],
        {"contact": "Baxter Joinery", "phone": "07911 123456", "expected_revenue": 8000.0},
        True,
    ),
    (
        "a woman called Ana Ruiz phoned, wants a kitchen, about 15 grand, put her in as a lead",
        ["create_lead"],
        {"contact": "Ana Ruiz", "expected_revenue": 15000.0, "kind": "lead"},
        False,
    ),
    # a newcomer named without "employee", a job and a department listed after the name
    (
        "new joiner: Tom Reid, Mechanic, Workshop dept",
        ["create_employee"],
        {"name": "Tom Reid", "job_title": "Mechanic", "department": "Workshop"},
        False,
    ),
    (
        "notre nouvelle recrue Julie Vidal, comme Comptable au service Finance",
        ["create_employee"],
        {"name": "Julie Vidal", "department": "Finance"},
        False,
    ),
    # a department asked for ("we need"), a French "service" with no price; with a price it stays a product
    ("il nous faut un département Export", ["create_department"], {"name": "Export"}, True),
    ("crée le service Après-Vente", ["create_department"], {"name": "Après-Vente"}, True),
    ("crée un service Installation à 80 €", ["create_product"], {"name": "Installation", "kind": "service"}, True),
    # who is in a team; leave requests still waiting for a decision
    ("qui travaille à la Compta ?", ["list_employees"], {"department": "Compta"}, True),
    ("who's on the Support team?", ["list_employees"], {"department": "Support"}, True),
    ("any leave requests I haven't approved yet?", ["pending_leaves"], {}, False),
    # what an expense paid for, said right after its amount
    ("expense 12.50 taxi to the station", ["create_expense"], {"description": "taxi to the station"}, True),
    (
        "note de frais 15 € parking gare, catégorie Déplacements",
        ["create_expense"],
        {"description": "parking gare", "category": "Déplacements"},
        True,
    ),
    # a capitalised "Hire" inside a company's name hires nobody
    ("Acme Tool Hire's new email is hi@acme.co.uk", ["update_contact"], {"contact": "Acme Tool Hire"}, True),
    # a contact the sentence opens on ("X have a new email", "X has shut down, archive it"); "whose number is …?"
    (
        "Bell & Brook Florists have a new email: hello@bellbrook.co.uk",
        ["update_contact"],
        {"contact": "Bell & Brook Florists", "email": "hello@bellbrook.co.uk"},
        True,
    ),
    ("Café Lune has shut down, archive it", ["archive_contact"], {"contact": "Café Lune"}, False),
    ("whose email is hello@bellbrook.co.uk?", ["find_contact"], {"query": "hello@bellbrook.co.uk"}, False),
    # a vehicle named right after the verb or after "the fleet:", a plate after "reg" or "immatriculée"
    (
        "add the new Ford Ranger to the fleet, plate KP70 XYZ, red",
        ["create_vehicle"],
        {"model": "Ford Ranger", "plate": "KP70 XYZ", "color": "red"},
        True,
    ),
    (
        "add the new truck to the fleet: Iveco Daily, black, plate DF68 TRK",
        ["create_vehicle"],
        {"model": "Iveco Daily", "plate": "DF68 TRK"},
        True,
    ),
    ("we bought a Citroën Berlingo, reg LM19 ABC, grey", ["create_vehicle"], {"plate": "LM19 ABC"}, False),
    (
        "ajoute la Peugeot 208 immatriculée AB-123-CD, rouge",
        ["create_vehicle"],
        {"model": "Peugeot 208", "plate": "AB-123-CD", "color": "rouge"},
        True,
    ),
    ("add 3 Plate 20cm to S00042", ["add_lines"], {"order": "S00042"}, True),
    # a quoted ticket title loses its quotes and names no customer; the caller a sentence opens on is the customer
    (
        "raise a ticket for Harbour Lane Vets 'X-ray printer offline'",
        ["create_ticket"],
        {"subject": "X-ray printer offline", "customer": "Harbour Lane Vets"},
        True,
    ),
    (
        "crée un ticket pour Boulangerie des Halles : « caisse enregistreuse en panne »",
        ["create_ticket"],
        {"subject": "caisse enregistreuse en panne", "customer": "Boulangerie des Halles"},
        True,
    ),
    (
        "Atelier de la Gare phoned, their card reader keeps freezing. Open a ticket for them: 'Card reader freezing'",
        ["create_ticket"],
        {"subject": "Card reader freezing", "customer": "Atelier de la Gare"},
        False,
    ),
    (
        "Café Lune reported that their coffee machine is leaking again, open a ticket",
        ["create_ticket"],
        {"customer": "Café Lune"},
        False,
    ),
    # "it's Nora", a quotation or an order's cancellation: no lead's stage moved by a bare "it"/"le"
    ("hi it's Nora, put 5 Desk Lamp on S00042", ["add_lines"], {"order": "S00042"}, False),
    ("le client a changé d'avis : annule le devis S01250", ["cancel_order"], {"order": "S01250"}, False),
    # a full name added with a job is a person; a department named before its word; a department listed "service X"
    (
        "add Priya Nair as Head Groomer in the Salon department",
        ["create_employee"],
        {"name": "Priya Nair", "job_title": "Head Groomer", "department": "Salon"},
        True,
    ),
    ("set up the Export department", ["create_department"], {"name": "Export"}, True),
    (
        "crée l'employé Marc Petit, poste Magasinier, service Logistique",
        ["create_employee"],
        {"job_title": "Magasinier", "department": "Logistique"},
        True,
    ),
    ("approve leave request 12", ["approve_leave"], {"leave": 12}, True),
    # contacts: the party a relationship ended with; a mobile said 5 + 6 digits; "Harrows'"; "nouvel e-mail"; "du"
    (
        "we no longer work with Northfield Bakery, archive them",
        ["archive_contact"],
        {"contact": "Northfield Bakery"},
        False,
    ),
    ("who is 07911 123456?", ["find_contact"], {"query": "07911 123456"}, True),
    ("his mobile is actually 07911 222333", ["update_contact"], {"phone": "07911 222333"}, True),
    ("update Harrows' email to info@harrows.example", ["update_contact"], {"contact": "Harrows"}, True),
    (
        "nouvel e-mail pour Garage Lemaire : atelier@lemaire.example",
        ["update_contact"],
        {"contact": "Garage Lemaire", "email": "atelier@lemaire.example"},
        True,
    ),
    (
        "Boulangerie du Port moved to 12 Quay Street, Whitby",
        ["update_contact"],
        {"contact": "Boulangerie du Port"},
        True,
    ),
    # "make it a lead" after a name given after a colon; "bouge-le"; a "trade show" inside what an expense paid for
    (
        "spoke to them at the fair: Brook Farm Shop, 0161 496 0123, make it a lead",
        ["create_lead"],
        {"contact": "Brook Farm Shop", "phone": "0161 496 0123", "kind": "lead"},
        False,
    ),
    ("bouge-le en Proposition", ["move_lead_stage"], {"stage": "Proposition"}, False),
    ("expense 85 for the stand at the trade show", ["create_expense"], {"amount": 85.0}, True),
    # set 16: one order named in a question about its state is that order's status, never a list
    ("is SO0981 confirmed now, or still just a quote?", ["order_status"], {"order": "SO0981"}, True),
    ("did S00214 get confirmed in the end?", ["order_status"], {"order": "S00214"}, True),
    # a correction "N not M" / "N instead of M" after the line: N is meant, and the product stops before it
    ("actually make the lanterns 7 not 5", ["set_quantity"], {"product": "lanterns", "qty": 7.0}, True),
    ("en fait mets les baguettes à 60, pas 50", ["set_quantity"], {"product": "baguettes", "qty": 60.0}, True),
    # a chained verb said to someone: "… et tu confirmes", "… and you confirm it"
    (
        "commande chez Vélos Martin 4 selles Brooks à 65 et tu confirmes",
        ["create_purchase"],
        {"vendor": "Vélos Martin", "then": ["confirm"]},
        True,
    ),
    ("quote Harbour Inn 6 lamps at 40 and you confirm it", ["create_quotation"], {"then": ["confirm"]}, True),
    # a capitalised "Chez" opening the message, or after "pour", is part of a French restaurant's name
    ("Chez Janou a un nouveau téléphone : 04 91 22 33 44", ["update_contact"], {"contact": "Chez Janou"}, True),
    ("devis pour Chez Marcel : 6 tabourets à 45", ["create_quotation"], {"customer": "Chez Marcel"}, True),
    # whose the broken thing is, the customer slot says: the subject starts at the thing
    (
        "ouvre un ticket pour Garage Nadal, leur compresseur fuit depuis hier",
        ["create_ticket"],
        {"subject": "compresseur fuit depuis hier", "customer": "Garage Nadal"},
        True,
    ),
    # the plural of a model number is the model
    ("how many Vortex 300s are left in stock?", ["stock_level"], {"product": "Vortex 300"}, True),
    # set 17: an emoji after a name or tag is mood, not value (a note keeps it)
    ("tag Ferro Lda as Gold Partner 🏆", ["tag_contact"], {"tag": "Gold Partner"}, True),
    ("note on S00412: client très content 😀", ["post_note"], {"text": "client très content 😀"}, True),
    # requests for quotation are purchases, never sales quotations
    ("show me the requests for quotation we sent to Nordic Steel", ["list_purchases"], {}, False),
    # "how is the project X going": how it goes is not its name
    ("how is the Harbour Lights project going?", ["project_status"], {"project": "Harbour Lights"}, True),
    # Québécois "pis" joins two lines like "et"
    (
        "commande chez Distribution Gagnon : 200 pots 250 ml pis 200 couvercles",
        ["create_purchase"],
        {"lines": [{"product": "pots 250 ml", "qty": 200.0}, {"product": "couvercles", "qty": 200.0}]},
        True,
    ),
    # "poste-la" is a step of the chain before it
    ("facture la S00733 pis poste-la", ["invoice_order"], {"then": ["post"]}, True),
    # set 18: a unit spelled out before the product needs no "of"; a size at a name's end stays in it
    ("invoice Brookside Farm for 3 hours pruning at 45", ["create_invoice"], {"lines": [{"product": "pruning"}]}, True),
    # a statement and the request on "it" are one act, not two
    ("MO-0311 is done, close it out as finished", ["finish_production"], {"production": "MO-0311"}, True),
    # someone added "in it" to the department made just before
    (
        "create the Glazing department and add Ines Carvalho as glaze technician in it",
        ["create_department", "create_employee"],
        {"name": "Glazing"},
        True,
    ),
    # sending an RFQ is no list of them
    ("RFQ to Baltic Timber for 40 oak boards at 12, then send them the RFQ", ["create_purchase"], {}, False),
    # set 19: a currency said after an amount, by ISO code or by name, belongs to the amount
    ("expense 2,400 rupees for train tickets to Pune", ["create_expense"],
     {"amount": 2400.0, "description": "train tickets to Pune"}, True),
    ("note de frais : 12 500 XOF pour le taxi de l'aéroport", ["create_expense"],
     {"amount": 12500.0, "description": "taxi de l'aéroport"}, True),
    # French says "last" after the period's noun, with any article
    ("les ventes de la semaine précédente", ["sales_totals"], {"period": "last_week"}, True),
    # a price that "goes up to" a figure ends the product's name
    ("the price of Cedar Shingle Pack rises to 58", ["set_product_price"], {"product": "Cedar Shingle Pack"}, True),
    # a plural container in lower case before the goods, with no "of": how they are packed, so not sure
    ("quote Lakeside Deli 12 tins smoked sprats at 4", ["create_quotation"], {}, False),
    # a typo fix finds keywords; names and descriptions keep the person's own words ("supplies", not "supplier")
    ("quote Acme 3 cleaning supplies at 4", ["create_quotation"], {"lines": [{"product": "cleaning supplies"}]}, False),
    ("expense 20 for lab supplies", ["create_expense"], {"description": "lab supplies"}, False),
    # set 20: dot thousands ("2.480.000"; one group alone stays doubted), Swiss "1'250.–", a currency code before
    # the amount, "12 millions", "30 mil pesos"
    ("register payment 2.480.000 on INV/2027/00077", ["register_payment"], {"amount": 2480000.0}, True),
    ("Merci d'enregistrer un paiement de CHF 2'350.– sur la facture INV/2027/00090", ["register_payment"],
     {"amount": 2350.0}, True),
    ("quote Lir Forge 2 anvil at 3.450", ["create_quotation"], {"lines": [{"unit_price": 3450.0}]}, False),
    ("nouvelle opportunité Ferme Dubois, revenu attendu 12 millions", ["create_lead"],
     {"expected_revenue": 12000000.0}, True),
    # a unit (square metres) or a container in lower case before the goods is left out of the product; the
    # container still makes the reading unsure (the bag may be what the shop sells)
    ("quote Casa Azul 80 square metres terracotta slab 20x20 at 30", ["create_quotation"],
     {"lines": [{"product": "terracotta slab 20x20", "qty": 80.0}]}, True),
    ("PO to Baltic Malt, 40 sacks Pilsner Malt at 30", ["create_purchase"],
     {"lines": [{"product": "Pilsner Malt", "qty": 40.0}]}, False),
    ("quote Atelier Nord 5 boîtes à chaussures à 3", ["create_quotation"],
     {"lines": [{"product": "boîtes à chaussures"}]}, True),
    # a percentage right after a product and before its price is its strength, not a discount
    ("commande chez Belcolade : 20 kilos de praliné noisette 50% à 7,20", ["create_purchase"],
     {"lines": [{"product": "praliné noisette 50%", "discount": None}]}, True),
    # "in stage X": the preposition is no stage; "still left" ends a product; a tag ends at a comma
    ("which opportunities are in stage Proposition?", ["list_leads"], {"stage": "Proposition"}, True),
    ("how many oat milk cartons still left?", ["stock_level"], {"product": "oat milk cartons"}, True),
    ("tag Harbour Deli as Wholesale, they buy by the pallet", ["tag_contact"], {"tag": "Wholesale"}, False),
    # Irish and British "half four" is 4:30, an afternoon hour in office hours
    ("meeting with Nora on Friday at half four, call it Rota", ["create_event"],
     {"start": "2027-03-12T16:30:00", "name": "Rota"}, True),
    # "all quotations of X" lists them; Creole and SMS French ("ki pa payé", "a versé"); "go on, next lot"
    ("all the quotations of Harlow Mills", ["list_orders"], {"customer": "Harlow Mills", "state": "quotation"}, True),
    ("les factures ki pa payé de Quincaillerie Nord", ["list_unpaid_invoices"],
     {"customer": "Quincaillerie Nord"}, True),
    ("Dorval a versé 800 sur INV/2027/00031", ["register_payment"], {"amount": 800.0}, False),
    ("go on, show me the next lot", ["next_page"], {}, True),
    ("fixez le stock minimum des vis inox 4 mm à 200, et le maximum à 1'000", ["set_reorder_rule"],
     {"product": "vis inox 4 mm", "min_qty": 200.0, "max_qty": 1000.0}, False),
    ("what did we sell last month?", ["sales_totals"], {"period": "last_month"}, True),
    # "Order to <Vendor> …" opening a message is a purchase; a manufacturing order named with its quantity is made;
    # a record by "number N"
    ("Order to Baltic Timber 30 oak boards at 12", ["create_purchase"], {"vendor": "Baltic Timber"}, True),
    ("manufacturing order for 40 Walnut Tray", ["create_production"], {"product": "Walnut Tray", "qty": 40.0},
     True),
    ("approve leave request number 9", ["approve_leave"], {"leave": 9}, True),
    # a BoM's product without its lower-case article; a stage named in quotes; a task moved by its title
    ("nomenclature pour la lampe Opaline 30 cm : 1 abat-jour, 1 pied laiton", ["create_bom"],
     {"product": "lampe Opaline 30 cm"}, True),
    ("passe la tâche Vernis coque à l'étape « Contrôle final »", ["move_task_stage"],
     {"task": "Vernis coque", "stage": "Contrôle final"}, True),
    # Belgian "tantôt" (later) is when, not who; a deal won "pour" its name; "et la valider" chains a step
    ("Confirme la commande S00518 et fais la facture tantôt", ["confirm_order"], {"then": ["invoice"]}, True),
    ("Affaire gagnée pour Traiteur Lemaire", ["mark_lead"], {"lead": "Traiteur Lemaire", "outcome": "won"}, True),
    ("Merci de créer la facture de la commande S00777 et la valider", ["invoice_order"],
     {"order": "S00777", "then": ["post"]}, True),
    # a line's new quantity counted in its container; "in each stage" is the pipeline by stage
    ("on S00450 change the pale ale to 30 kegs", ["set_quantity"], {"product": "pale ale", "qty": 30.0}, False),
    ("how many opportunities are there in each stage?", ["pipeline_summary"], {}, False),  # the ranker doubts it
    # "new customer: X" makes a contact, even with the phone said; a size in inches belongs to the name (no
    # minimum said, so the rule asks); a short unit before lower-case goods is left out of the product
    ("new customer: Marie Dupuis, tel 0612 334 455", ["create_contact"], {"name": "Marie Dupuis"}, True),
    ("mets une règle de stock pour les vis 2 pouces", ["clarify"], {}, False),
    ("BOM for Spice Jar Set: 40 g smoked paprika, 1 glass jar", ["create_bom"],
     {"components": [{"product": "smoked paprika", "qty": 40.0}]}, False),
    # a person named after their role ("with the florist Maeve"); "my open tasks" said without a verb
    ("meeting with the florist Maeve on Friday at 11, call it Wedding flowers", ["create_event"],
     {"attendees": ["Maeve"]}, False),
    ("meeting with the sales team on Friday at 11, call it Weekly numbers", ["create_event"], {"attendees": []}, True),
    ("my open tasks", ["my_tasks"], {}, True),
    # "before friday" is a task's deadline, as "by friday" is
    ("new task 'Order sand' in Yard Works, before friday", ["create_task"], {"deadline": "2027-03-12"}, True),
    # Indian "lakh", "₹"/"₦" before an amount, Tunisian dinars' three decimals, Québécois "piasses", "six mille"
    ("Please register payment of 2 lakh against INV/2027/00012", ["register_payment"], {"amount": 200000.0}, True),
    ("quote Ravi Textiles 10 cotton bales at ₹1,500", ["create_quotation"],
     {"lines": [{"product": "cotton bales", "unit_price": 1500.0}]}, True),
    ("quote Eko Homes 2 solar lamps at ₦45,000", ["create_quotation"], {"lines": [{"unit_price": 45000.0}]}, True),
    ("Note de frais de 12,750 DT pour le taxi", ["create_expense"], {"amount": 12.75}, True),
    ("Fais une soumission pour Quincaillerie Gagnon : 10 pelles à 25 piasses", ["create_quotation"],
     {"customer": "Quincaillerie Gagnon", "lines": [{"product": "pelles", "unit_price": 25.0}]}, True),
    ("passe une commande à Scierie Tremblay pour six mille planches à 2 $", ["create_purchase"],
     {"vendor": "Scierie Tremblay", "lines": [{"product": "planches", "qty": 6000.0}]}, True),
    ("new oportunidad: Tokyo Wool Co, around 20 mil dollars", ["create_lead"], {"expected_revenue": 20000.0}, False),
    # a rating before the goods and a size fraction after them are the product's; a container before them is not
    ("quote Sunny Homes 6 300W poly panels at 9000", ["create_quotation"],
     {"lines": [{"product": "300W poly panels"}]}, True),
    ("order from Quincaillerie Roy 200 vis 3/8 at 0.20", ["create_purchase"],
     {"lines": [{"product": "vis 3/8", "unit_price": 0.2}]}, True),
    ("quote Ferme Azur 50 bidons huile de colza 5L à 20 €", ["create_quotation"],
     {"lines": [{"product": "huile de colza 5L"}]}, False),
    # the measure a stock question counts in, and "stock position", are not the product
    ("what's the stock position of cumin seed?", ["stock_level"], {"product": "cumin seed"}, True),
    ("combien de kilos de farine de seigle il reste ?", ["stock_level"], {"product": "farine de seigle"}, True),
    # "next Friday" said on a Wednesday is next week's, and asked about
    ("new task 'Order sand' in Yard Works, due next Friday", ["create_task"], {"deadline": "2027-03-19"}, False),
    # a tag put "au client X"; a capitalised "Chez" inside a name; a new address said after "pour"
    ("Ajoute l'étiquette Grossiste au client Verre & Co", ["tag_contact"],
     {"contact": "Verre & Co", "tag": "Grossiste"}, True),
    ("archive le client Bistro Chez Marcel", ["archive_contact"], {"contact": "Bistro Chez Marcel"}, True),
    ("change l'adresse de Garage Chez Luc pour 12, rue Principale, Lévis", ["update_contact"],
     {"contact": "Garage Chez Luc", "address": "12, rue Principale, Lévis"}, True),
    # put "online in the webshop"; "cmd" counts web orders
    ("put the Linen Scarf online in the webshop", ["publish_product"], {"product": "Linen Scarf"}, True),
    ("combien de cmd sur le site ce mois-ci ?", ["website_orders"], {}, True),
    # the project said after a person and a deadline; "this month itself" is the period
    ("tâche « Nettoyer les skis » pour Léa d'ici vendredi, projet Atelier hiver", ["create_task"],
     {"project": "Atelier hiver", "assignee": "Léa"}, True),
    ("new task sweep the barn by friday in project Yard Works", ["create_task"], {"project": "Yard Works"}, True),
    ("Show quotations sent to Kerala Traders this month itself", ["list_orders"],
     {"customer": "Kerala Traders"}, True),
    # a range of days in one month; "how far is it" asks for a status
    ("c'est quoi mes rendez-vous du 15 au 19 mars ?", ["list_events"],
     {"date_from": "2027-03-15", "date_to": "2027-03-19"}, False),
    ("MO/00077 how far is it?", ["production_status"], {"production": "MO/00077"}, True),
    # hours put "sur la tâche X" are logged on it; a task titled in lower case after "la tâche" is moved
    ("mets 2h sur la tâche Taille des haies", ["log_timesheet"], {"task": "Taille des haies", "hours": 2.0}, True),
    ("passe la tâche taille des haies en Terminé", ["move_task_stage"], {"task": "taille des haies"}, True),
    # what an expense paid for, said after a colon; a "règle de réassort"
    ("Note de frais de 45 € : dîner avec le client", ["create_expense"], {"description": "dîner avec le client"},
     True),
    ("règle de réassort sur les gants nitrile : mini 10 maxi 50", ["set_reorder_rule"],
     {"product": "gants nitrile", "min_qty": 10.0, "max_qty": 50.0}, True),
    # "RFQ on <vendor>"; "receive the goods" after a purchase; an MO named with its quantity in pieces
    ("Raise RFQ on Malabar Spices for 50 kg cloves at ₹900", ["create_purchase"], {"vendor": "Malabar Spices"},
     True),
    ("Confirm PO P00321 and receive the goods", ["confirm_purchase"], {"then": ["receive"]}, True),
    ("manufacturing order 12 pcs Sauna Stove 9kW and confirm", ["create_production"],
     {"product": "Sauna Stove 9kW", "qty": 12.0, "then": ["confirm"]}, True),
    # the words searched for, said after "produits"
    ("cherche les produits raquette", ["search_products"], {"text": "raquette"}, True),
    # "quarter to three" is 14:45; an e-mail address dictated is written (and checked); "new contact" creates one
    ("book a site visit friday quarter to three for an hour with Ana", ["create_event"],
     {"start": "2027-03-12T14:45:00"}, True),
    ("new contact Hemi Walker at Otago Feeds email hemi at otagofeeds dot co dot nz", ["create_contact"],
     {"name": "Hemi Walker", "email": "hemi@otagofeeds.co.nz"}, False),
    # the distance said with its unit is the reading, not a plate's digits
    ("la voiture de Ti-Jean, plaque W52 PQR, est rendue à 98 300 km", ["log_odometer"], {"value": 98300.0}, False),
    # a deal named with lower-case words before "opportunity"; why it was lost, said without "because"
    ("mark the Harbour Bridge cafe fitout opportunity as lost, they went with another builder", ["mark_lead"],
     {"lead": "Harbour Bridge cafe fitout", "reason": "they went with another builder"}, True),
    # money said in words with its cents, after the currency or after a price word; "mille" after digits
    ("quote Harbour Deli ten tins of smoked mackerel at four eighty", ["create_quotation"],
     {"lines": [{"product": "smoked mackerel", "qty": 10.0, "unit_price": 4.8}]}, False),
    ("devis pour Épicerie Morvan, huit pots de miel à sept euros trente", ["create_quotation"],
     {"lines": [{"product": "miel", "qty": 8.0, "unit_price": 7.3}]}, False),
    ("expense twelve dollars sixty for parking, category travel", ["create_expense"], {"amount": 12.6}, True),
    ("note de frais de 12 mille FCFA pour le carburant", ["create_expense"], {"amount": 12000.0}, True),
    # hours with a fraction said in words; a length after "pendant" over a time of day said after the day
    ("log two hours and a quarter on task Fence repair", ["log_timesheet"], {"hours": 2.25}, True),
    ("pointe trois heures et quart sur la tâche Inventaire", ["log_timesheet"], {"hours": 3.25}, True),
    ("réunion « Budget » vendredi 10h30 pendant 30 minutes avec Léa", ["create_event"],
     {"duration_hours": 0.5, "start": "2027-03-12T10:30:00"}, True),
    # French "quinze jours" is two weeks; a range of days said by their names
    ("crée une tâche Relancer le notaire pour Inès à rendre dans quinze jours", ["create_task"],
     {"deadline": "2027-03-24"}, False),
    ("what's in the calendar from tomorrow to Friday?", ["list_events"],
     {"date_from": "2027-03-11", "date_to": "2027-03-12"}, True),
    # a French imperative in "-ez" chains like its other forms, and a read after it is its own request
    ("Fabriquez 8 tabourets, confirmez-le puis clôturez-le", ["create_production"], {"then": ["confirm", "finish"]},
     True),
    ("Validez la commande SO4410 puis affichez les devis de Maison Breton", ["confirm_order", "list_orders"], {},
     False),
    # a quote or an invoice named in the writer's other language; an RFQ sent "over to" a vendor
    ("factura for Casa Lumen, 2 lamp repairs at 40", ["create_invoice"], {"customer": "Casa Lumen"}, True),
    ("send an RFQ out to Delta Metals for 30 steel brackets at 4", ["create_purchase"],
     {"vendor": "Delta Metals"}, True),
    ("Commandez 40 sacs de terreau chez Jardinerie Kervella à 6 €", ["create_purchase"],
     {"vendor": "Jardinerie Kervella"}, False),
    # a spool or a licence counts the goods; a capital X inside a model's name
    ("nomenclature pour le tablier brodé : 3 bobines de coton bleu et 1 sangle", ["create_bom"],
     {"components": [{"product": "coton bleu"}, {"product": "sangle"}]}, False),
    ("buy 10 Norton Y subscriptions from Softline at 30", ["create_purchase"],
     {"lines": [{"product": "Norton Y", "qty": 10.0}]}, False),
    # a verb over every record a condition picks is no single act; a customer's name ends at the verb after it
    ("archive all the members who cancelled last year", ["unsupported"], {}, False),
    ("Quelles factures de Garage Le Du restent à payer ?", ["list_unpaid_invoices"], {"customer": "Garage Le Du"},
     False),
    # a number inside a name followed by more of the name; a number joined to a word; a size after the name
    ("create a project called Windows 11 rollout for Harbour Dental", ["create_project"],
     {"name": "Windows 11 rollout", "customer": "Harbour Dental"}, True),
    ("how many Kettle 2-slice are left?", ["stock_level"], {"product": "Kettle 2-slice"}, True),
    ("set min 4 max 12 for garden hose 30 m please", ["set_reorder_rule"], {"product": "garden hose 30 m"}, True),
    ("combien de sacs à dos en stock ?", ["stock_level"], {"product": "sacs à dos"}, True),
    ("quote Birch Lane 3 Figma Pro licences at 15", ["create_quotation"], {"lines": [{"product": "Figma Pro"}]}, True),
    ("do we have enough latex gloves size L? how many boxes left?", ["stock_level"],
     {"product": "latex gloves size L"}, False),
    # people: invited, given a task "for" them, several names with a particle
    ("book 'Budget talk' Thursday at 3pm and invite Ana and Bo", ["create_event"],
     {"attendees": ["Ana", "Bo"]}, True),
    # (a task "for" someone may be for a customer: read, but doubted; a task given to someone outranks "for")
    ("create a task 'Renew lease' for Priya, due Friday", ["create_task"], {"assignee": "Priya"}, False),
    ("task 'Order gravel' for the Hendry job, give it to Ola", ["create_task"], {"assignee": "Ola", "project": None},
     False),
    ("réunion « Revue » jeudi à 10h avec Anne Le Du et Paul", ["create_event"],
     {"attendees": ["Anne Le Du", "Paul"]}, True),
    # a booking of a staff meeting; a quoted title put on a day and an hour with people, whatever the verb
    ("please book a staff meeting on Monday at 9 for 20 minutes", ["create_event"], {"name": "staff meeting"}, True),
    ("ajoute « Point budget » mardi à 11h pour une heure avec Inès", ["create_event"], {"attendees": ["Inès"]},
     True),
    # how a project goes, asked with "where are we"; the party a question opens on, before its verb
    ("where do we stand on the project Dock Repairs?", ["project_status"], {"project": "Dock Repairs"}, True),
    ("Do Fenwick & Daughters still owe us anything on their invoices?", ["list_unpaid_invoices"],
     {"customer": "Fenwick & Daughters"}, True),
    # "create it if it does not exist" beside a newcomer is no request of its own; a trade in lower case between
    # commas is the job; a courtesy title before a full name is no part of it
    ("Ajoutez l'employé Hugo Perrin, tonnelier, au département Chai ; créez-le s'il n'existe pas", ["create_employee"],
     {"job_title": "tonnelier", "department": "Chai", "create_department": True}, True),
    ("quote Mrs Ada Obi 3 chairs at 20", ["create_quotation"], {"customer": "Ada Obi"}, True),
    ("new task Stocktake in project Admin 2031-32", ["create_task"], {"project": "Admin 2031-32"}, True),
    # a vehicle named by its kind before the model; a new one with its plate needs no verb; "rego" is a plate
    ("ajoute la camionnette Peugeot Partner immatriculée FD-301-ZZ", ["create_vehicle"],
     {"model": "Peugeot Partner", "plate": "FD-301-ZZ"}, True),
    ("new minibus Ford Tourneo rego 4KL-22P", ["create_vehicle"], {"model": "Ford Tourneo", "plate": "4KL-22P"}, True),
    # a product or a service created with -ez or "the"; a decimal comma in a name stays as written
    ("Créez l'article Vis inox 4,5 mm, prix 0,30", ["create_product"], {"name": "Vis inox 4,5 mm"}, True),
    ("add the service Gutter Clearing at 60 per hour", ["create_product"], {"name": "Gutter Clearing"}, True),
    # hours said in the writer's other language; a question on the weather is nothing Odoo holds; a supplier's
    # reliability asked without a purchase word
    ("log 4 uur on task Dakgoot repair", ["log_timesheet"], {"hours": 4.0, "task": "Dakgoot repair"}, True),
    ("is it going to snow in Leeds on Friday?", ["unsupported"], {}, True),
    ("how dependable has Kerry Grain been lately?", ["vendor_history"], {"vendor": "Kerry Grain"}, True),
    # the customer after its article ("à la …"); a vendor read before a quantity leaves "à" no price mark
    ("fais une facture à la Forge du Port pour deux cents kilos de chaux à trois euros", ["create_invoice"],
     {"customer": "Forge du Port", "lines": [{"product": "chaux", "qty": 200.0, "unit_price": 3.0}]}, True),
    ("commande à Scierie Le Gall 2 500 mètres de liteaux à 0,85 €", ["create_purchase"],
     {"vendor": "Scierie Le Gall", "lines": [{"qty": 2500.0, "unit_price": 0.85}]}, True),
    # a new quantity said with its goods; a BoM's components said right after its product, in words
    ("sorry, make that 8 crates of Pale Ale 33cl instead", ["set_quantity"], {"product": "Pale Ale 33cl", "qty": 8.0},
     False),
    ("bill of materials for the picnic hamper three plates two cups and one basket", ["create_bom"],
     {"product": "picnic hamper", "components": [{"qty": 3.0}, {"qty": 2.0}, {"qty": 1.0}]}, False),
    # a payer between the means and the amount; a link word inside a name closed by a colon
    ("got a wire from Dalton Ltd for 1,500 on INV/2027/00061", ["register_payment"],
     {"invoice": "INV/2027/00061", "amount": 1500.0}, False),
    ("quote for Salt and Pepper: 3 Apron at 12", ["create_quotation"], {"customer": "Salt and Pepper"}, True),
    # a French thing named by its use with an infinitive; "fixed for" asks for stock; a lower-case task name
    ("combien de fers à repasser en stock ?", ["stock_level"], {"product": "fers à repasser"}, True),
    # a party named first then spoken of as "they" (a greeting is no party); a Nordic plate after the vehicle word
    ("Tessera Supply, do they still owe us anything?", ["list_unpaid_invoices"], {"customer": "Tessera Supply"}, True),
    ("Hello, what do they still owe?", ["list_unpaid_invoices"], {"customer": None}, True),
    ("car AB 4512 odometer 61 200 km", ["log_odometer"], {"vehicle": "AB 4512", "value": 61200.0}, True),
    # "à" and what the thing is for inside a line's product (a noun, or a capitalised infinitive in a Title Case name)
    ("devis Vélo Sud : 4 Pompe à pied à 25", ["create_quotation"], {"lines": [{"product": "Pompe à pied", "qty": 4.0}]},
     True),
    ("devis Mercerie Blanc : 2 Machine à Coudre Junior à 150", ["create_quotation"],
     {"lines": [{"product": "Machine à Coudre Junior", "unit_price": 150.0}]}, True),
    ("combien de colis à livrer ?", ["unsupported"], {}, False),
    # "task for <name>: …" gives it to that person (doubted: a customer may be meant)
    ("task for Imogen: update the price list, due Monday", ["create_task"], {"assignee": "Imogen"}, False),
    # a number closing a stock question's product is its name's; one after a level word sets the level
    ("stock level of lens index 1.74?", ["stock_level"], {"product": "lens index 1.74"}, True),
    ("min stock for Rope 12", ["stock_level"], {"product": "Rope"}, False),
    # a number closing a new product's name when its price is said after; the product made is the one published
    ("new product Chain Lube 120, sells at 9.90", ["create_product"], {"name": "Chain Lube 120", "list_price": 9.9},
     True),
    ("create a product Linen Towel at 12 and put it on the website", ["create_product", "publish_product"], {}, True),
    # a newcomer said by their job, then named (doubted: "starting" reads nothing); "lost track" logs no time
    ("heads up, a new sous chef starting Monday week, Paddy Lynch, put him in Kitchen", ["create_employee"],
     {"name": "Paddy Lynch", "job_title": "sous chef", "department": "Kitchen"}, False),
    ("what meetings do I have tomorrow? I keep losing track", ["list_events"], {}, False),
    # a customer with its article right after the verb; a capital article is its name's ("Les Ateliers …")
    ("facturez la Menuiserie Caradec : 4 heures de pose à 55", ["create_invoice"],
     {"customer": "Menuiserie Caradec"}, False),
    ("facture Les Ateliers du Lac pour 3 Nappe Lin à 40 et valide-la", ["create_invoice"],
     {"customer": "Les Ateliers du Lac", "then": ["post"]}, True),
    ("task 'Fix gate' for me, due tomorrow", ["create_task"], {"assignee": "me"}, True),
    # a document number with a year inside it; a customer ends at "remain unpaid"
    ("confirm SO/2031/0457 then invoice it", ["confirm_order"], {"order": "SO/2031/0457"}, True),
    ("which invoices of Dunmore Hardware remain unpaid?", ["list_unpaid_invoices"], {"customer": "Dunmore Hardware"},
     True),
    # a colour after a vehicle's model is read apart; a plate of letters then digits; "the new X" published is X
    ("ajoute le camion Iveco Daily gris, plaque KLM 7731", ["create_vehicle"],
     {"model": "Iveco Daily", "plate": "KLM 7731", "color": "gris"}, True),
    ("put the new Harbour Print 30x40 on the webshop", ["publish_product"], {"product": "Harbour Print 30x40"}, True),
    # a person's name ends at a number (an address follows), unlike a product's or a project's
    ("add contact Ines Moll 12 Quay Street Cork", ["create_contact"], {"name": "Ines Moll"}, False),
    ("how are we fixed for Rioja? how many cases left", ["stock_level"], {"product": "Rioja"}, False),
    ("log 90 minutes on task gutter cleaning description cleared the east side", ["log_timesheet"],
     {"task": "gutter cleaning", "description": "cleared the east side"}, True),
    # money with its currency's letters before the symbol, the franc as "F", "mil" before a currency, a price in
    # hundredths alone, the cents named after them ("paise", "pesewas"): no stray line of the amount
    ("quote Osu Prints 3 Banner Stand at GH₵ 420 each", ["create_quotation"],
     {"lines": [{"product": "Banner Stand", "qty": 3.0, "unit_price": 420.0}]}, True),
    ("quote Kandy Stores 5 Tea Tin 250g at NZ$ 12.50", ["create_quotation"],
     {"lines": [{"product": "Tea Tin 250g", "qty": 5.0, "unit_price": 12.5}]}, True),
    ("devis pour Atelier Zola : 2 Vitrine Chêne à 95 mil F", ["create_quotation"],
     {"lines": [{"product": "Vitrine Chêne", "qty": 2.0, "unit_price": 95000.0}]}, True),
    ("quote Lotus Foods sixty Masala Tin at seventy rupees twenty five paise", ["create_quotation"],
     {"lines": [{"product": "Masala Tin", "qty": 60.0, "unit_price": 70.25}]}, True),
    ("Adom Traders paid three hundred cedis and forty pesewas on INV/2031/00077", ["register_payment"],
     {"amount": 300.4}, False),
    ("order 500 Paper Bag Small from Lagos Packaging at eighty cents", ["create_purchase"],
     {"lines": [{"product": "Paper Bag Small", "qty": 500.0, "unit_price": 0.8}]}, True),
    # a packing word in lower case before the goods; a strength in degrees inside a name
    ("order 25 reams of Copier Paper A3 from Kumasi Office Supply at 60", ["create_purchase"],
     {"lines": [{"product": "Copier Paper A3", "qty": 25.0}]}, False),
    ("ajoute 4 Gin Bleu 40° 70cl à la commande S00311", ["add_lines"],
     {"lines": [{"product": "Gin Bleu 40° 70cl", "qty": 4.0}]}, True),
    # a phone's or an e-mail's field word, "~" before an amount, SMS "c" (c'est) end a name
    ("new contact Yaw Mensah phone 024 700 1234", ["create_contact"], {"name": "Yaw Mensah"}, True),
    ("new lead Harbour Yoga ~$3k", ["create_lead"], {"contact": "Harbour Yoga"}, True),
    ("l'opportunité Garage Moreau c perdu", ["mark_lead"], {"lead": "Garage Moreau", "outcome": "lost"}, True),
    # SMS "n" for "and" between two steps
    ("confirm S00412 n invoice it", ["confirm_order"], {"order": "S00412", "then": ["invoice"]}, True),
    # a number or a link word inside a capitalised customer's name, closed by a colon or the quantity
    ("quote Bistro 1920: 6 Tea Towel at 4", ["create_quotation"],
     {"customer": "Bistro 1920", "lines": [{"product": "Tea Towel", "qty": 6.0}]}, True),
    ("devis pour Maison du Pain et Cie 3 Panier Osier à 12", ["create_quotation"],
     {"customer": "Maison du Pain et Cie", "lines": [{"product": "Panier Osier", "qty": 3.0}]}, True),
    # a day said with its date or time ends an event's title; a title before an assignee is not their name; a plate in
    # three groups, its leading zero kept
    ("planifie une réunion Bilan trimestriel vendredi 13 juin à 9h avec Paul", ["create_event"],
     {"name": "Bilan trimestriel"}, True),
    ("crée une tâche « Vitrine de Noël » dans le projet Boutique, assignée à M. Hugo Lambert", ["create_task"],
     {"assignee": "Hugo Lambert"}, True),
    ("ajoute véhicule Renault Kangoo immat 2207 KD 05 couleur blanc", ["create_vehicle"],
     {"plate": "2207 KD 05"}, True),
    # SMS French: "1 devis" is "un devis", no line; a price's "mil" with no currency is a thousand
    ("slt, fé 1 devis pr Quincaillerie Bamba : 5 Tôle Alu 2m a 12 mil et 3 Cornière 40 a 7 mil", ["create_quotation"],
     {"lines": [{"product": "Tôle Alu 2m", "qty": 5.0, "unit_price": 12000.0},
                {"product": "Cornière 40", "qty": 3.0, "unit_price": 7000.0}]}, True),
    # Indian English "customer wise"; an expense's category after "cat"
    ("total sales this quarter client wise", ["sales_totals"], {"group_by": "customer"}, True),
    ("expense $42.10 taxi to the airport, cat Travel", ["create_expense"], {"category": "Travel"}, False),
    # a French imperative with its pronoun opens a new step with no separator before it
    ("lance la fabrication de 40 Confiture Mangue 250g valide-la et termine-la",
     ["create_production"], {"product": "Confiture Mangue 250g", "qty": 40.0, "then": ["confirm", "finish"]}, True),
    # "create it if it does not exist yet" after a BoM: a modifier of the clause before, no second request
    ("make a BoM for Pine Shelf: 2 Pine Board, 8 Screw M4, and create the product if it doesn't exist yet",
     ["create_bom"], {"product": "Pine Shelf", "create_product": True}, True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intents", "slots", "sure"), CASES, ids=[c[0][:40] for c in CASES])
def test_each_class_reads_as_a_person_would(text: str, intents: list[str], slots: dict[str, Any], sure: bool) -> None:
    previous = set_clock(
        Clock("Europe/Paris", frozen_at=datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/Paris")))
    )
    try:
        result = PARSER.parse(text)
    finally:
        set_clock(previous)
    got = [i.intent for i in result.intents]
    assert got == intents, (got, result.notes)
    first = result.intents[0].model_dump(mode="json")
    for name, want in slots.items():
        value = first.get(name)
        if isinstance(want, list) and want and isinstance(want[0], dict):
            assert [{k: ln[k] for k in w} for ln, w in zip(value, want, strict=False)] == want, value
        else:
            assert value == want, (name, value)
    assert (result.confidence >= 0.6) is sure, (result.confidence, result.notes)


def test_a_slot_holding_words_the_message_does_not_is_doubted() -> None:
    """A spelling "fix" inside a note or a name pieced together: the reading did not take the words as written."""
    reading = [{"intent": "log_timesheet", "task": "#241", "description": "poste des prises"}]
    said = "pointe 1h sur la tâche #241 : pose des prises"
    assert "the description 'poste des prises' is not in the message" in slot_doubts(reading, prepare(said).text, said)
    written = "pointe 1h sur #241 : Poste des  prises"
    assert slot_doubts(reading, prepare(written).text, written) == []


@pytest.mark.parametrize(
    ("reading", "said", "doubt"),
    [
        # a state word run into a name; a price word run into a product
        ([{"intent": "list_unpaid_invoices", "customer": "Harbour Books still unpaid"}],
         "which invoices of Harbour Books still unpaid?", "holds a request"),
        ([{"intent": "set_product_price", "product": "lantern price"}], "raise the lantern price to 30",
         "holds a request"),
        # a lower-case article or "new" kept at the head of a name
        ([{"intent": "publish_product", "product": "new Linen Apron"}], "publish the new Linen Apron",
         "holds a request"),
        # a container at the head of a product that is not a line
        ([{"intent": "stock_level", "product": "bocaux de confiture de figue"}],
         "combien de bocaux de confiture de figue ?", "starts with a container"),
        # a thousands dot or a decimal point
        ([{"intent": "create_quotation", "customer": "Lir Forge"}], "quote Lir Forge 1 anvil at €2.450",
         "a thousands dot or a decimal point"),
    ],
)  # fmt: skip
def test_a_name_or_number_that_ran_over_is_doubted(reading: list[dict[str, Any]], said: str, doubt: str) -> None:
    assert any(doubt in d for d in slot_doubts(reading, prepare(said).text, said)), slot_doubts(
        reading, prepare(said).text, said
    )


def test_a_question_after_a_write_in_one_clause_is_doubted() -> None:
    """ "…à 9,50 et dis-moi combien il en reste": the one intent read is the write; the question was left out."""
    for text in ("passe le prix de la confiture de figue à 9,50 et dis-moi combien il en reste",
                 "set the Linen Apron price to 24 and tell me how many are left"):  # fmt: skip
        result = PARSER.parse(text)
        if len(result.intents) == 1:
            assert result.confidence < 0.6, (text, result.notes)
