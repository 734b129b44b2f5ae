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

# The white paper's proposals: every subject is proposed for each place, which makes
# len(PROPOSAL_SUBJECTS) × len(PROPOSAL_PLACES) distinct titles, each a sentence of its own.
PROPOSAL_SUBJECTS = [
    ("Reconnaître l’engagement dans le parcours professionnel",
     "Les heures consacrées à un service public partagé devraient pouvoir être valorisées "
     "dans un CV ou une VAE, avec une attestation délivrée par l’autorité."),
    ("Une assurance commune pour tous les participants",
     "Chaque collectivité négocie seule son contrat : une assurance mutualisée protégerait "
     "mieux les collaborateurs occasionnels du service public."),
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
    ("Un guichet unique pour s’inscrire aux services",
     "Une seule inscription et une seule charte à accepter pour tous les services d’un "
     "territoire, au lieu de formulaires différents partout."),
    ("Des congés d’engagement pour les salariés",
     "Étendre aux services publics partagés les autorisations d’absence prévues pour les "
     "sapeurs-pompiers volontaires."),
    ("Associer les participants à l’évaluation des services",
     "Après chaque saison, un questionnaire court aux participants et aux personnes servies "
     "pour améliorer le service."),
    ("Mutualiser les outils numériques des mairies",
     "Les petites communes n’ont pas les moyens d’un outil propre : une plateforme commune, "
     "hébergée par l’intercommunalité, leur suffirait."),
    ("Créer une permanence d’accueil des nouveaux bénévoles",
     "Une heure par semaine en mairie pour présenter les services, répondre aux questions et "
     "orienter chacun vers ce qui lui convient."),
    ("Proposer des missions courtes aux personnes pressées",
     "Beaucoup n’ont que deux heures par mois : des missions ponctuelles, sans engagement "
     "durable, élargiraient le cercle des participants."),
    ("Garder les enfants des parents qui s’engagent",
     "Une solution de garde pendant les gardes ou les réunions lèverait le premier obstacle "
     "des parents de jeunes enfants."),
    ("Traduire la charte en langues étrangères",
     "Les habitants qui maîtrisent mal le français hésitent à signer un texte qu’ils ne "
     "comprennent pas entièrement."),
    ("Rendre les réunions accessibles à distance",
     "Les réunions du soir en présentiel excluent ceux qui travaillent en horaires décalés ou "
     "vivent loin du centre."),
    ("Remercier publiquement les participants chaque année",
     "Une soirée de remerciement et un mot du maire disent aux bénévoles que leur temps "
     "compte."),
    ("Indemniser les trajets en transports en commun",
     "Le barème kilométrique ne couvre que la voiture : les tickets de bus et de train "
     "devraient être remboursés de la même façon."),
    ("Désigner un référent dans chaque service municipal",
     "Les participants ne savent pas à qui s’adresser : un agent nommé, joignable, ferait le "
     "lien avec les services techniques."),
    ("Partager le matériel entre associations",
     "Tables, barnums, gilets et trousses de secours dorment dans des placards : un inventaire "
     "commun éviterait les achats en double."),
    ("Former chaque participant aux premiers secours",
     "Une formation PSC1 offerte à tous les bénévoles rendrait chaque activité plus sûre."),
    ("Associer les élèves des lycées aux services",
     "Des projets menés avec les lycées feraient découvrir l’engagement aux jeunes avant "
     "qu’ils ne partent étudier ailleurs."),
    ("Expliquer clairement ce que l’autorité garde en main",
     "Quand un service est délégué, les participants doivent savoir qui décide, qui les assure "
     "et à qui se plaindre."),
    ("Valoriser l’engagement pour la retraite",
     "Des trimestres ou des points pour les années d’engagement régulier, comme pour les "
     "sapeurs-pompiers volontaires."),
    ("Simplifier l’envoi des justificatifs de frais",
     "Une photo du ticket prise avec le téléphone devrait suffire, sans formulaire papier à "
     "déposer en mairie."),
    ("Fixer un nombre maximal d’heures par mois",
     "Protéger les bénévoles de l’épuisement : au-delà d’un seuil, le coordinateur doit "
     "chercher du renfort."),
    ("Prévoir un parrainage pour les débutants",
     "Un participant expérimenté accompagne chaque nouveau venu pendant ses premières "
     "missions."),
    ("Ouvrir les données des services à tous",
     "Les chiffres de chaque service, publiés en données ouvertes, permettraient aux habitants "
     "et aux chercheurs de juger par eux-mêmes."),
    ("Tenir compte des personnes sans ordinateur",
     "L’inscription et les plannings doivent rester possibles par téléphone ou au guichet, "
     "pas seulement en ligne."),
    ("Consulter les habitants avant de créer un service",
     "Un service qui repose sur la participation doit d’abord vérifier que des habitants sont "
     "prêts à s’y engager."),
    ("Assurer la relève des bénévoles les plus anciens",
     "Beaucoup de services reposent sur quelques personnes âgées : il faut préparer la suite "
     "avant leur départ."),
]
# (added to the title, the sentence that ends the body)
PROPOSAL_PLACES = [
    ("à Voiron", "Pensée d’abord pour Voiron."),
    ("à Voreppe", "Pensée d’abord pour Voreppe."),
    ("à Moirans", "Pensée d’abord pour Moirans."),
    ("à Rives", "Pensée d’abord pour Rives."),
    ("à Tullins", "Pensée d’abord pour Tullins."),
    ("à Coublevie", "Pensée d’abord pour Coublevie."),
    ("dans tout le Pays Voironnais", "À l’échelle de l’intercommunalité."),
    ("dans toute l’Isère", "À l’échelle du département."),
    ("dans les petites communes", "Pour les communes de moins de 2 000 habitants."),
    ("dans les quartiers prioritaires", "Pour les quartiers de la politique de la ville."),
]

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
