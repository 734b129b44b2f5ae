"""The words of the demo: the white paper's call for contributions and the crèche's evaluation
questionnaire, with sample proposals and comments written as citizens would."""

WHITE_PAPER_TITLE = "Appel à contributions : le livre blanc des Services Publics Partagés"
WHITE_PAPER_CONTEXT = (
    "<p>Les <strong>Services Publics Partagés</strong> sont des services publics qui ne "
    "fonctionnent que parce que des citoyens prennent part à leur réalisation, bénévolement, "
    "tout au plus indemnisés de leurs frais : sapeurs-pompiers volontaires, crèches parentales, "
    "signalement des anomalies de voirie, lignes de covoiturage, patients-experts…</p>"
    "<p>Le livre blanc propose un cadre commun : une identité, une charte, un processus de "
    "remboursement des frais et un registre de l’impact, l’autorité publique restant toujours "
    "maître du service, qu’elle le gère en régie ou le délègue.</p>"
    "<p>Enrichissez-le : répondez au questionnaire, déposez vos propositions, soutenez et "
    "commentez celles des autres. La synthèse sera publiée avec la version finale.</p>"
)

# (section title, description, [(kind, label, required, choices)])
WHITE_PAPER_SECTIONS = [
    ("Votre expérience", "Ce que vous faites déjà pour un service public.", [
        ("single_choice", "Participez-vous déjà à un service public en tant que bénévole ?", True,
         ["Oui, régulièrement", "Oui, de temps en temps", "Non, mais j’aimerais",
          "Non, et je ne le souhaite pas"]),
        ("multiple_choice", "Dans quels domaines ?", False,
         ["Secours et sécurité civile", "Petite enfance", "Voirie et cadre de vie",
          "Mobilité", "Santé", "Éducation", "Culture et sport"]),
    ]),
    ("Les principes du livre blanc", "Dites-nous ce que vous pensez des principes proposés.", [
        ("scale", "La participation doit rester bénévole, seuls les frais étant indemnisés.",
         True, []),
        ("scale", "L’autorité publique doit garder la main même quand elle délègue le service.",
         False, []),
        ("ranking", "Classez ces garanties de la plus importante à la moins importante.", False,
         ["Une assurance pour les participants", "Le remboursement rapide des frais",
          "La reconnaissance de l’engagement", "La formation"]),
    ]),
    ("Vos idées", "", [
        ("free_text", "Quel service public partagé aimeriez-vous voir naître près de chez vous ?",
         False, []),
    ]),
]

FREE_TEXT_ANSWERS = [
    "Un service de portage de repas par les voisins pour les personnes âgées isolées.",
    "Une ressourcerie tenue par des habitants avec l’appui des services techniques.",
    "Des parents accompagnateurs pour un pédibus vers les écoles du quartier.",
    "Un réseau de bénévoles formés au PSC1 dans chaque immeuble.",
    "L’entretien partagé des jardins publics avec les services des espaces verts.",
    "Des cours de soutien scolaire par des retraités dans la médiathèque.",
    "Une veille citoyenne sur la qualité de l’eau des rivières.",
]

PROPOSAL_SUBJECTS = [
    ("Reconnaître l’engagement dans le parcours professionnel",
     "Les heures consacrées à un service public partagé devraient pouvoir être valorisées "
     "dans un CV ou une VAE, avec une attestation délivrée par l’autorité."),
    ("Une assurance commune pour tous les participants",
     "Chaque collectivité négocie seule son contrat : une assurance mutualisée au niveau "
     "national protégerait mieux les collaborateurs occasionnels du service public."),
    ("Rembourser les frais en moins de quinze jours",
     "Les délais de remboursement découragent les participants modestes ; fixer un délai "
     "maximal et permettre l’avance de frais."),
    ("Former les coordinateurs bénévoles",
     "Les coordinateurs des associations délégataires ont besoin d’une formation à l’animation "
     "et aux obligations de l’autorité."),
    ("Publier chaque année le bilan de la participation",
     "Un bilan ouvert (heures, kilomètres, personnes servies) montrerait la valeur créée par "
     "les citoyens et aiderait les élus à décider."),
    ("Ouvrir les services aux mineurs accompagnés",
     "Les jeunes de 16 à 18 ans pourraient participer avec l’accord de leurs parents et un "
     "tuteur, comme chez les jeunes sapeurs-pompiers."),
    ("Un guichet unique pour s’inscrire",
     "Une seule inscription et une seule charte à accepter pour tous les services d’un "
     "territoire, au lieu de formulaires différents partout."),
    ("Des congés d’engagement pour les salariés",
     "Étendre aux services publics partagés les autorisations d’absence prévues pour les "
     "sapeurs-pompiers volontaires."),
    ("Associer les participants à l’évaluation",
     "Après chaque saison, un questionnaire court aux participants et aux personnes servies "
     "pour améliorer le service."),
    ("Mutualiser les outils entre communes",
     "Les petites communes n’ont pas les moyens d’un outil propre : une plateforme commune, "
     "hébergée par l’intercommunalité, leur suffirait."),
]
PROPOSAL_PLACES = ["à Voiron", "dans le Pays Voironnais", "en Isère", "dans les petites communes",
                   "dans les quartiers", "pour les familles", "pour les retraités", "partout"]

COMMENTS = [
    "Tout à fait d’accord, c’est ce qui manque aujourd’hui.",
    "Bonne idée, mais qui la finance ?",
    "Nous l’avons testé dans notre association : ça marche très bien.",
    "Il faudrait préciser le rôle de l’autorité dans ce cas.",
    "Je soutiens, à condition que ce soit simple pour les bénévoles.",
]

CRECHE_EVALUATION_TITLE = "Votre avis sur la crèche parentale Les P’tits Loups"
CRECHE_EVALUATION_CONTEXT = (
    "<p>Trois questions, deux minutes : votre avis sur les permanences de cette saison nous "
    "aide à mieux organiser la crèche.</p>")
CRECHE_QUESTIONS = [
    ("scale", "Êtes-vous satisfait de l’organisation des permanences ?", True, []),
    ("single_choice", "Recommanderiez-vous la crèche à une autre famille ?", True,
     ["Oui", "Plutôt oui", "Plutôt non", "Non"]),
    ("free_text", "Que faudrait-il améliorer ?", False, []),
]
