"""Function words of the languages exports most often come in (en, es, fr, de, pt), kept out of topics.

Small on purpose: only words of four letters or more matter (shorter ones never become topics), the
words a topic list would otherwise be full of on a Spanish or German export ("para", "pero", "nicht").
"""

from __future__ import annotations

WORDS = {
    "en": "the and for that this with from have just your about what when will been were they them their there "
          "than then into over some more most also only very much like thank thanks today finally working note "
          "quick post loved thinking why new you are not but can all our out who how its it's look wow good great "
          "really would could should these those which while where here being does doing done after before again "
          "still even because through each other such same every many",
    "es": "para pero como este esta esto estos estas también porque cuando donde desde hasta sobre entre todo "
          "todos toda todas tiene tienen tengo hace hacer muy más mucho mucha muchos nada algo algún alguna otro "
          "otra otros otras ellos ellas nosotros ustedes solo sólo gracias hoy bien ahora aquí allí siempre nunca "
          "sino mismo misma cada está están estoy estamos será sido había hay años cosa cosas quien quién cual cuál "
          "menos antes después mientras según",
    "fr": "avec pour dans sont mais plus tout tous toute toutes cette ces cela ceci comme être avoir fait faire "
          "nous vous elle elles leur leurs très bien aussi encore merci aujourd'hui quand alors donc sans sous "
          "chez entre même autre autres peut peu rien était sera avez avons suis depuis parce quoi dont",
    "de": "nicht auch aber eine einer einem einen eines oder wenn dann dass sich sind sein seine ihre ihr noch "
          "schon sehr mehr nach über unter durch gegen ohne wird werden wurde hier dort heute danke immer alle "
          "alles diese dieser dieses jetzt doch kann können muss haben habe hatte mich dich uns euch zum zur "
          "vom beim weil also etwas",
    "pt": "para mais como este esta isso isto esse essa também porque quando onde desde até sobre entre todo "
          "todos toda todas muito muita muitos nada algo outro outra outros outras eles elas nós vocês você "
          "obrigado obrigada hoje agora aqui sempre nunca mesmo mesma cada estão estou será sido havia pelo "
          "pela pelos pelas depois antes ainda fazer tudo",
}

ALL: frozenset[str] = frozenset(w for words in WORDS.values() for w in words.split())
