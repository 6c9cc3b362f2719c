"""Doc + Attributions -> Speakers: who each source is, with every mention of them.

The stages, in order:

1. Read each source span (:mod:`.sources`): a pronoun, a personal name (split from its
   titles and appositives: "Defense Secretary Ash Carter" -> "Ash Carter" + "Defense
   Secretary"), or a descriptive phrase typed as organization, outlet, document, group or
   person.
2. Cluster every personal name in the article (:mod:`.names`), quoted or not, so "Peritz"
   joins "Aki Peritz" and a pronoun can reach a person named earlier.
3. Link sources in text order (:mod:`.link`): names to their cluster; the writer's "I"
   and "we" outside quotation marks to the byline's author ("the writer" without one), inside a quote
   to that quote's speaker; other pronouns to a compatible referent outside the quote they
   introduce, a subject of their own or the previous sentence first, else the most recent;
   proper names, groups and definite phrases by their text ("the Pentagon", "officials",
   "the report"), an acronym the article defines by its full name ("NOAA"); a relative
   pronoun ("who") as the noun it follows; a plain definite ("the official", "the outgoing
   prime minister") to the latest referent with that head noun, "the company" or "the
   group" to the organization quoted last; "her office" is named for whoever "her" is;
   indefinite phrases ("a U.S. official") always start a new speaker.
4. A lede's unnamed role ("The leader of the dockworkers' union ...") joins the person the
   next paragraph names for it. A quote without a source inherits the previous
   attribution's speaker when it follows within :data:`.speakers.INHERIT_CHARS` and no other
   person is named in between (a quote running on into the next paragraph); otherwise, and
   for every unquoted statement without a source ("suspected militants", "is charged with"),
   its speaker stays None.
5. Build speakers (:func:`.speakers.build_speaker`): anonymity, recipient, descriptors, mentions;
   ids "S1", "S2", ... by first mention.

Anonymity rule: only unnamed people and groups can be anonymous. They are when their
sentence grants anonymity ("speaking on condition of anonymity", "who asked not to be
named", "declined to be identified", "not authorized to speak") or their head noun is one
news writing uses for deliberately unnamed sources ("official", "source", "aide",
"people familiar with ..."; the ``anonymous_nouns`` lexicon). Unnamed *kinds* of people
("experts", "critics", "analysts", "voters") are not anonymous.

``named`` is True for people known by a personal name and for organizations, outlets and
documents known by a proper name ("the Pentagon", "Reuters"); never for groups.

Across articles, :mod:`saidwho.corpus.speakers` decides which speakers are one real person
or organization.

The entry point is :func:`saidwho.resolve.speakers.resolve`; the package imports nothing
itself, so that the corpus level reads the lexicon (:mod:`.lexicon`) without spaCy.
"""
