"""The offline parser's own wording, English and French: its clarifying questions and its refusals.

Each entry is an (English, French) pair; index it with ``lang == "fr"``.
"""

from __future__ import annotations

__all__ = ["BULK_REASON", "DELETE_REASON", "NEGATED_REASON", "NOTHING_FOUND", "NO_INVOICE_LIST", "OTHER_DOMAIN",
           "QUESTIONS", "QUOTATION", "REORDER"]  # fmt: skip


DELETE_REASON = (
    "I do not delete records in Odoo: deleting is refused by the policy. Archive it in Odoo, or ask me to cancel "
    "an order (that needs your approval).",
    "Je ne supprime pas d'enregistrements dans Odoo : la politique le refuse. Archivez-le dans Odoo, ou demandez-moi "
    "d'annuler une commande (avec votre accord).",
)
BULK_REASON = (
    "I act on one named document at a time, each with its own approval, never on all of them at once: name the "
    "order or invoice (list them first, e.g. 'show draft quotations').",
    "J'agis sur un document nommé à la fois, chacun avec son accord, jamais sur tous d'un coup : nommez la commande "
    "ou la facture (listez-les d'abord, p. ex. « montre les devis en brouillon »).",
)
NEGATED_REASON = (
    "That asks me not to do something, so there is nothing to do; say what you want done instead.",
    "Ce message demande de ne pas agir : rien à faire. Dites-moi plutôt ce qu'il faut faire.",
)

# (English, French) texts; index with ``lang == "fr"``.
QUESTIONS: dict[str, tuple[str, str]] = {
    "customer": ("Which customer is it for?", "Pour quel client ?"),
    "vendor": ("Which vendor?", "Quel fournisseur ?"),
    "project": ("Which project?", "Quel projet ?"),
    "project_name": ("What should the project be called?", "Comment s'appellera le projet ?"),
    "task_name": ("What should the task be called?", "Comment s'appellera la tâche ?"),
    "task": ("Which task?", "Quelle tâche ?"),
    "hours": ("How many hours?", "Combien d'heures ?"),
    "employee_name": ("What is the employee's name?", "Quel est le nom de l'employé ?"),
    "department_name": ("What should the department be called?", "Comment s'appellera le département ?"),
    "amount": ("What amount?", "Quel montant ?"),
    "start": ("When should it start?", "À quelle date et heure ?"),
    "vehicle": ("Which vehicle?", "Quel véhicule ?"),
    "event_name": ("What is the event called?", "Quel est le nom de l'événement ?"),
    "components": ("Which components, and how many of each?", "Quels composants, et combien de chaque ?"),
    "lines": ("Which products, and how many?", "Quels produits, et combien ?"),
    "product": ("Which product?", "Quel produit ?"),
    "name": ("What is the product called?", "Quel est le nom du produit ?"),
    "subject": ("What is the problem?", "Quel est le problème ?"),
    "contact": ("Which contact?", "Quel contact ?"),
    "contact_name": ("What is the contact's name?", "Quel est le nom du contact ?"),
    "tag": ("Which tag?", "Quelle étiquette ?"),
    "note_text": ("What should the note say?", "Que doit dire la note ?"),
    "price": ("At what price?", "À quel prix ?"),
    "changes": (
        "What should change: e-mail, phone or address?",
        "Que faut-il changer : e-mail, téléphone ou adresse ?",
    ),
    "min_qty": ("At what quantity should it be reordered?", "À partir de quelle quantité faut-il recommander ?"),
}
QUOTATION = ("To create the quotation", "Pour créer le devis")
REORDER = ("To set the reorder rule", "Pour la règle de réapprovisionnement")
NOTHING_FOUND = (
    "I found nothing I can do in that message (sales, CRM, purchase, projects, HR, manufacturing, calendar, fleet, "
    "website, inventory, invoicing, support tickets).",
    "Je n'ai rien trouvé que je sache faire dans ce message (ventes, CRM, achats, projets, RH, fabrication, agenda, "
    "flotte, site web, stock, facturation, tickets).",
)
NO_INVOICE_LIST = (
    "Listing all invoices is not supported yet; I can list unpaid or overdue ones.",
    "Lister toutes les factures n'est pas encore possible ; je peux lister les impayées ou en retard.",
)


OTHER_DOMAIN = (
    "{domain} is not something I can do yet.",
    "{domain} : pas encore pris en charge.",
)
