"""Demo content for the learning plugin: two frameworks, a six-module course and two learners'
progress.

Called through the `register_demo_data` hook by `manage.py load_demo_data`. Everything is
idempotent: objects are matched by name, code or slug and updated in place, pages get a new
revision only when their content changed, and learners' progress is recorded through the real
services only for the steps that are missing, so a second run changes nothing.

The Leadership for Personalised Care framework's own capability statements are not reproduced:
the themes are real, the statements under them were written for this demo.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import cycle
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from learning.models import (
    Capability,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    Framework,
    ModuleCompletion,
    ModulePage,
    SelfAssessment,
    Stage,
    StageCompletion,
    Theme,
)
from learning.services import (
    enrolment_create,
    required_stages,
    self_assessment_record,
    stage_complete,
)

# ---------------------------------------------------------------------------------------------
# Frameworks
# ---------------------------------------------------------------------------------------------

LPC_NAME = "Leadership for Personalised Care"
CMPC_NAME = "Comprehensive model of personalised care"

LPC = {
    "name": LPC_NAME,
    "short_name": "LPC",
    "summary": (
        "The themes of this framework follow the Leadership for Personalised Care framework: "
        "Being; Relating and Communicating; Leading and Visioning; Delivering. Its published "
        "capability statements are not reproduced here. The statements under each theme are "
        "illustrative: they were written for this demo, and editors can change them."
    ),
    "source_url": "",
    "version": "Demo",
    "themes": [
        (
            "Being",
            "Who we are as leaders: self-awareness, values, curiosity and looking after "
            "ourselves so that we can be present for others.",
            [
                (
                    "B1",
                    "Notices their own assumptions about what matters to people and sets them "
                    "aside",
                    "Asks before deciding what a 'good outcome' is, and checks the answer "
                    "against what the person said rather than what the service expected.",
                ),
                (
                    "B2",
                    "Acts from clear personal values and names them when a decision gets hard",
                    "Can say out loud why a choice matters to them, and welcomes being "
                    "challenged when their actions and values drift apart.",
                ),
                (
                    "B3",
                    "Stays curious and open when they do not know the answer, and says so",
                    "Treats 'I don't know yet' as the start of a conversation, asking people "
                    "with lived experience and colleagues for what they know.",
                ),
                (
                    "B4",
                    "Looks after their own wellbeing and resilience so they can stay present "
                    "for others",
                    "Builds rest, supervision and peer support into the working week, and "
                    "models this for their team rather than praising overwork.",
                ),
            ],
        ),
        (
            "Relating and Communicating",
            "How we build relationships and talk with people, families and colleagues as "
            "equal partners.",
            [
                (
                    "R1",
                    "Listens to understand what matters to a person before offering solutions",
                    "Leaves space and silence, reflects back what they heard, and lets the "
                    "person correct them before moving to options.",
                ),
                (
                    "R2",
                    "Uses plain, jargon-free language and checks they have been understood",
                    "Replaces service shorthand with everyday words and uses 'teach-back' to "
                    "check understanding without testing the person.",
                ),
                (
                    "R3",
                    "Shares power in conversations, treating people as experts in their own lives",
                    "Sets agendas together, shares information openly and lets the person "
                    "lead on what happens next wherever they can.",
                ),
                (
                    "R4",
                    "Builds trusting relationships across organisational and professional "
                    "boundaries",
                    "Knows people in the voluntary sector, the council and the NHS by name, "
                    "and keeps promises made to partners.",
                ),
            ],
        ),
        (
            "Leading and Visioning",
            "How we create a shared picture of personalised care and bring others with us.",
            [
                (
                    "L1",
                    "Describes a shared picture of personalised care that people who use "
                    "services helped to shape",
                    "Can explain, in a sentence or two, what will be different for people, "
                    "using words that people with lived experience recognise as theirs.",
                ),
                (
                    "L2",
                    "Involves people with lived experience from the start of a decision, not "
                    "only at the end",
                    "Brings people in when the problem is being defined, pays them for their "
                    "time and shows them what changed because of what they said.",
                ),
                (
                    "L3",
                    "Uses people's stories, with consent, to help others see why change matters",
                    "Tells stories accurately and respectfully, with the teller's permission, "
                    "and pairs them with what was learned and what will change.",
                ),
                (
                    "L4",
                    "Gives others permission to try small changes and learn from what happens",
                    "Says yes to safe experiments, protects people who try things that do not "
                    "work, and asks 'what did we learn?' rather than 'whose fault?'.",
                ),
                (
                    "L5",
                    "Sees and builds on the strengths of people and communities",
                    "Starts conversations with what people and places already have and can "
                    "do, before looking at what is missing.",
                ),
            ],
        ),
        (
            "Delivering",
            "How we turn the vision into everyday practice and know whether it is working.",
            [
                (
                    "D1",
                    "Turns a shared vision into small, purposeful steps people can take this week",
                    "Breaks big ambitions into actions that fit into a normal working week, "
                    "with a named person and a date.",
                ),
                (
                    "D2",
                    "Removes barriers in systems and processes that limit people's choice and "
                    "control",
                    "Notices when forms, rules or habits get in the way of what matters to "
                    "people, and works with others to change them.",
                ),
                (
                    "D3",
                    "Judges success by what matters to people, alongside activity data",
                    "Asks people whether things got better for them, and uses their answers "
                    "next to numbers when reporting progress.",
                ),
                (
                    "D4",
                    "Makes time for the team to reflect and learn so practice keeps improving",
                    "Protects regular time to look back on what happened, including mistakes, "
                    "and turns the learning into the next change.",
                ),
            ],
        ),
    ],
}

CMPC = {
    "name": CMPC_NAME,
    "short_name": "CMPC",
    "summary": (
        "One theme for each of the six components of NHS England's comprehensive model of "
        "personalised care. The capability statements describe what a leader does to make each "
        "component real; they were written for this demo, and editors can change them."
    ),
    "source_url": "https://www.england.nhs.uk/personalisedcare/comprehensive-model/",
    "version": "Demo",
    "themes": [
        (
            "Shared decision making",
            "People and professionals make decisions about care and treatment together.",
            [
                (
                    "SDM1",
                    "Makes sure people are offered shared decision making when there is a "
                    "real choice about their care or treatment",
                    "Gives staff the time, training and decision aids to have these "
                    "conversations, and notices where decisions are still made for people.",
                ),
                (
                    "SDM2",
                    "Helps staff talk through benefits, risks and alternatives, including "
                    "doing nothing, in ways people understand",
                    "Encourages simple prompts such as BRAN (benefits, risks, alternatives, "
                    "nothing) and checks that information is accessible.",
                ),
            ],
        ),
        (
            "Personalised care and support planning",
            "Plans that start with what matters to the person, written with them.",
            [
                (
                    "PCSP1",
                    "Makes sure care and support plans start with what matters to the person "
                    "and are written with them",
                    "Plans use the person's own words, cover their goals as well as their "
                    "needs, and belong to the person.",
                ),
                (
                    "PCSP2",
                    "Makes sure plans are shared, with consent, and reviewed when things change",
                    "Everyone involved in the person's care can see the plan they agreed to, so "
                    "nobody has to tell their story again.",
                ),
            ],
        ),
        (
            "Enabling choice, including legal rights to choice",
            "People know about, and can use, their choices and legal rights.",
            [
                (
                    "EC1",
                    "Makes sure people know their legal rights to choice and get the help "
                    "they need to use them",
                    "For example, the right to choose where to go for a first outpatient "
                    "appointment, explained in plain language at the right moment.",
                ),
                (
                    "EC2",
                    "Challenges local habits that narrow people's options to what suits the "
                    "service",
                    "Looks at referral patterns and default pathways, and asks whose "
                    "convenience they serve.",
                ),
            ],
        ),
        (
            "Social prescribing and community-based support",
            "Connecting people to community groups and support for practical, social and "
            "emotional needs.",
            [
                (
                    "SP1",
                    "Builds links between teams, social prescribing link workers and "
                    "community groups",
                    "Staff know who the link workers are and how to refer, and link workers "
                    "are welcomed into team meetings.",
                ),
                (
                    "SP2",
                    "Values and helps sustain the community and voluntary groups people are "
                    "connected to",
                    "Recognises that referrals bring costs for small groups, and argues for "
                    "fair funding and respect.",
                ),
                (
                    "SP3",
                    "Maps the assets in a neighbourhood with local people, not only for them",
                    "Walks the area, asks residents what already helps, and keeps the map "
                    "up to date and shared.",
                ),
            ],
        ),
        (
            "Supported self-management",
            "Helping people build the knowledge, skills and confidence to live well with "
            "their conditions.",
            [
                (
                    "SSM1",
                    "Makes support for self-management available, such as health coaching "
                    "and peer support",
                    "Knows what is on offer locally, how people get to it and whether it "
                    "works for people from different communities.",
                ),
                (
                    "SSM2",
                    "Tailors support to each person's knowledge, skills and confidence, "
                    "rather than offering everyone the same",
                    "Asks how confident a person feels before choosing an approach, and "
                    "notices when information alone will not be enough.",
                ),
            ],
        ),
        (
            "Personal health budgets and integrated personal budgets",
            "Money for a person's care, spent in the ways that work for them.",
            [
                (
                    "PHB1",
                    "Makes sure eligible people are offered a personal health budget or "
                    "integrated personal budget and understand what it could make possible",
                    "Staff can explain budgets simply and share examples of how others have "
                    "used them.",
                ),
                (
                    "PHB2",
                    "Supports creative uses of budgets agreed in the person's plan, managing "
                    "risk with the person rather than for them",
                    "Judges a proposal by whether it meets the outcomes in the plan, not by "
                    "whether it looks like a traditional service.",
                ),
            ],
        ),
    ],
}


# ---------------------------------------------------------------------------------------------
# The course
# ---------------------------------------------------------------------------------------------

INDEX_INTRODUCTION = (
    "<p>Short, practical courses for people who lead personalised care, whatever their job "
    "title. Each module follows the same rhythm: learn an idea, try it in your own work this "
    "week, reflect on it in your private journal, and share what you learned if you want to.</p>"
)

COURSE_SLUG = "leading-personalised-care-foundations"
COURSE = {
    "title": "Leading personalised care: foundations",
    "summary": (
        "Six short modules for anyone who leads personalised care: start with what matters to "
        "people, share power, build on strengths and make change one small step at a time."
    ),
    "audience": (
        "<p>For anyone who leads or wants to lead personalised care, whatever their role:</p>"
        "<ul><li>NHS staff in clinical and non-clinical roles</li>"
        "<li>council and adult social care staff</li>"
        "<li>people working in voluntary, community and social enterprise organisations</li>"
        "<li>people with lived experience of using services, and carers</li></ul>"
        "<p>You do not need to manage a team. In this course, leadership means the choices "
        "anyone makes to help people have more say over their own lives and care.</p>"
    ),
    "learning_outcomes": [
        ("outcome", "Ask people what matters to them and let the answer shape what happens next"),
        ("outcome", "Recognise when you are doing things to people and shift towards doing with"),
        ("outcome", "Plan a piece of work with people with lived experience as equal partners"),
        ("outcome", "Find and build on the strengths of people and their communities"),
        ("outcome", "Take small, purposeful steps and keep going when change is slow"),
    ],
    "estimated_hours": 6,
    "awards_certificate": True,
    "share_required": False,
}

_COMPOSITE = "a composite story written for this course"

MODULES: list[dict[str, Any]] = [
    {
        "slug": "starting-with-what-matters",
        "title": "Starting with what matters to people",
        "summary": (
            "Why asking “what matters to you?” changes care, and how to ask it so that the "
            "answer shapes what happens next."
        ),
        "minutes": 45,
        "lpc": ["B1", "R1", "D3"],
        "cmpc": ["PCSP1", "SDM1"],
        "learn": [
            (
                "text",
                "<h3>From “what is the matter?” to “what matters to you?”</h3>"
                "<p>Most health and care services were designed to find out what is wrong "
                "with people and fix it. That matters: people want their illness treated and "
                "their needs met. But if it is the only question we ask, we can deliver care "
                "that is technically right and still miss the point of someone's life.</p>"
                "<p>Personalised care starts somewhere else. It asks what a good life looks "
                "like for this person, and what they want from us to help them live it. The "
                "answer is often small and specific: being well enough to walk the dog, "
                "sleeping in their own bed, getting to the mosque on Fridays, being the one "
                "who makes the tea when their grandchildren visit.</p>",
            ),
            (
                "story",
                {
                    "quote": (
                        "Every appointment started with my lungs. My oxygen, my inhalers, my "
                        "numbers. Then a new nurse asked me what I was looking forward to. I "
                        "said my granddaughter's wedding in June, and that I was frightened "
                        "I'd be stuck in a chair at the back. She said, right, let's plan for "
                        "the wedding. We worked on my breathing for standing and for stairs. "
                        "I danced. Only for one song, but I danced."
                    ),
                    "person": "Grace, who lives with COPD",
                    "context": _COMPOSITE,
                },
            ),
            (
                "text",
                "<h3>Why it is harder than it sounds</h3>"
                "<p>Asking is easy. Hearing the answer is harder, because we bring our own "
                "assumptions. We expect people to want what our service offers. We hear "
                "“I want to stay at home” and translate it into a package of care, when the "
                "person meant “I want to keep feeding the birds in my garden”.</p>"
                "<p>Time pressure makes it worse. When the clock is running, it is tempting to "
                "skip to the form. Yet the few minutes spent understanding what matters often "
                "save time later, because the plan is one the person actually wants to "
                "follow.</p>"
                "<h3>What leaders can do</h3>"
                "<ul><li>Ask the question yourself, in your own conversations, so your team "
                "sees it matters.</li>"
                "<li>Make space for the answer in your forms, plans and handovers.</li>"
                "<li>Ask people afterwards whether things got better for them, not only "
                "whether they attended.</li></ul>",
            ),
            (
                "do_list",
                {
                    "heading_level": 3,
                    "label": "When you ask what matters",
                    "do": [
                        "<p>ask early, before you talk about services or options</p>",
                        "<p>use the person's own words when you write it down</p>",
                        "<p>check back: “Have I understood you right?”</p>",
                        "<p>come back to it, because what matters can change</p>",
                    ],
                },
            ),
            (
                "dont_list",
                {
                    "heading_level": 3,
                    "label": "Try not to",
                    "dont": [
                        "<p>ask the question and then carry on with the plan you already had</p>",
                        "<p>turn the answer straight into a service (“so you need a carer”)</p>",
                        "<p>treat it as a box to tick on the assessment form</p>",
                    ],
                },
            ),
            (
                "inset_text",
                {
                    "body": "<p>Some people have rarely been asked what matters to them and "
                    "may not have an answer straight away. That is fine. Try “What is a good "
                    "day like for you?” or “What would you like to be able to do again?”, and "
                    "give them time.</p>"
                },
            ),
        ],
        "do_activity": (
            "<p>This week, in three of your usual conversations with people who use your "
            "service (or with colleagues, if you do not work directly with the public), ask "
            "“What matters to you?” before anything else. Listen without steering, and write "
            "down their answer in their own words.</p>"
            "<p>Then notice what happens next. Did the answer change anything you did?</p>"
        ),
        "do_checklist": [
            "Choose three conversations this week where you will ask the question",
            "Ask it first, before talking about services",
            "Write down each answer in the person's own words",
            "Note one thing you did differently because of an answer",
        ],
        "reflect_prompts": [
            "What surprised you about the answers people gave?",
            "Which of your own assumptions about what matters did you notice?",
            "What gets in the way of asking this question in your work, and what could help?",
        ],
        "share_invitation": (
            "<p>Share one thing you learned from asking “what matters to you?” this week: a "
            "surprise, a change you made, or something that made it hard.</p>"
            "<p>Please leave out names and any detail that could identify the people you "
            "spoke to.</p>"
        ),
    },
    {
        "slug": "doing-with-not-to",
        "title": "Doing with, not to",
        "summary": (
            "How power shows up in everyday care, and practical ways to share decisions so "
            "people are partners rather than recipients."
        ),
        "minutes": 50,
        "lpc": ["R3", "R2", "B2"],
        "cmpc": ["SDM1", "SDM2", "EC1"],
        "learn": [
            (
                "text",
                "<h3>Whose decision is it?</h3>"
                "<p>Most of us came into health and care to help. Helping can slide into "
                "deciding for people: we know the system, we have seen a hundred cases like "
                "this, and we want to keep people safe. The result can be care that is done "
                "<em>to</em> people, or at best <em>for</em> them, rather than <em>with</em> "
                "them.</p>"
                "<p>“No decision about me without me” is a simple test. It asks whether the "
                "person had a real say, with the information, time and support they needed, "
                "in decisions about their own life and care.</p>",
            ),
            (
                "text",
                "<h3>A ladder, not a switch</h3>"
                "<p>Involvement is not all or nothing. It helps to picture a ladder. At the "
                "bottom, people are told what will happen. Further up, they are informed, then "
                "consulted, then engaged. At the top, decisions are designed and made together, "
                "with power genuinely shared.</p>"
                "<p>Not every decision can sit at the top of the ladder. But we can usually "
                "climb one rung higher than we do now, and we can be honest with people about "
                "where a decision sits and why.</p>",
            ),
            (
                "story",
                {
                    "quote": (
                        "They had a meeting about Maureen going into respite. Five "
                        "professionals round a table, and me on a plastic chair by the door. "
                        "Nobody asked what Maureen wanted, or what I could manage. When I "
                        "finally spoke up, the social worker said, “We're only trying to help "
                        "you, Ray.” I know they were. But help you haven't been asked for "
                        "doesn't feel like help."
                    ),
                    "person": "Ray, who cares for his wife Maureen",
                    "context": _COMPOSITE,
                },
            ),
            (
                "expander",
                {
                    "title": "Four questions that open up a decision",
                    "body": [
                        (
                            "richtext",
                            "<p>Many NHS teams use the prompt BRAN to help people take part "
                            "in decisions about their care. Encourage people to ask, and "
                            "answer these even when they don't:</p>"
                            "<ul><li><strong>Benefits</strong>: what could this do for "
                            "me?</li>"
                            "<li><strong>Risks</strong>: what could go wrong, and how "
                            "likely is it?</li>"
                            "<li><strong>Alternatives</strong>: what else could I "
                            "do?</li>"
                            "<li><strong>Nothing</strong>: what happens if I wait, or do "
                            "nothing?</li></ul>",
                        )
                    ],
                },
            ),
            (
                "text",
                "<h3>Choice is a right, not a favour</h3>"
                "<p>In England, people have legal rights to choice in some parts of NHS care, "
                "such as choosing where to go for a first outpatient appointment. Many people "
                "do not know this. Telling people about their choices, in plain language and "
                "at the moment they need it, is one of the simplest ways to share power.</p>",
            ),
            (
                "do_list",
                {
                    "heading_level": 3,
                    "label": "Small shifts that share power",
                    "do": [
                        "<p>ask “what would you like to happen?” before you suggest anything</p>",
                        "<p>swap service jargon for everyday words</p>",
                        "<p>say what is fixed and what is genuinely open to choice</p>",
                        "<p>invite people, and the people close to them, into the meetings "
                        "where decisions are made</p>",
                    ],
                },
            ),
        ],
        "do_activity": (
            "<p>Pick one routine meeting, review or conversation this week where a decision "
            "about someone is made. Before it happens, ask yourself: where on the ladder does "
            "this decision sit now? Then make one change that moves it one rung higher. That "
            "might mean inviting the person in, sending them the papers in plain language "
            "beforehand, or opening with “what would you like to happen?”.</p>"
        ),
        "do_checklist": [
            "Choose one decision-making moment this week",
            "Decide where it sits on the ladder now",
            "Make one change that moves it one rung higher",
            "Ask the person afterwards how it felt",
        ],
        "reflect_prompts": [
            "Where did you notice yourself, or your service, doing things to people rather "
            "than with them?",
            "What did it feel like to hand over some control? What did you worry about?",
        ],
        "share_invitation": (
            "<p>Share one small shift you tried and what happened. Did anything surprise you "
            "about how people responded?</p>"
            "<p>Keep it general: no names, places or details that could identify anyone.</p>"
        ),
    },
    {
        "slug": "co-production",
        "title": "Co-production",
        "summary": (
            "What co-production really means, how it differs from consultation, and how to "
            "start a piece of work with people with lived experience as equal partners."
        ),
        "minutes": 60,
        "lpc": ["L2", "L1", "R4"],
        "cmpc": ["PCSP2", "EC2"],
        "learn": [
            (
                "text",
                "<h3>More than asking for views</h3>"
                "<p>Co-production means people who use services, carers and professionals "
                "working together as equals, sharing power and responsibility from the start "
                "of a piece of work to the end. It is different from consultation, where the "
                "service designs something and then asks people what they think of it.</p>"
                "<p>The difference shows up in who frames the problem. If the question has "
                "already been decided (“how do we reduce missed appointments?”), people with "
                "lived experience can only tinker at the edges. If they help write the "
                "question, they might reframe it entirely (“why do people stop trusting the "
                "clinic?”).</p>",
            ),
            (
                "story",
                {
                    "quote": (
                        "I was invited to the last meeting to “sign off” the new leaflet. It "
                        "was already printed. I said the pictures made it look like a hospital "
                        "ward and that nobody I know would ring that number. Everyone nodded "
                        "and thanked me for my valuable input. The next time, they asked me in "
                        "at the start, paid me for my time and let me chair one of the "
                        "sessions. That leaflet actually gets used."
                    ),
                    "person": "Abi, an expert by experience on a local partnership board",
                    "context": _COMPOSITE,
                },
            ),
            (
                "text",
                "<h3>Principles to hold on to</h3>"
                "<ul><li><strong>Equality</strong>: everyone's knowledge counts, and lived "
                "experience is expertise.</li>"
                "<li><strong>Diversity</strong>: go beyond the people who always come; "
                "seek out voices you do not usually hear.</li>"
                "<li><strong>Accessibility</strong>: meet where and when people can come, "
                "in plain language, with support if needed.</li>"
                "<li><strong>Reciprocity</strong>: people get something back, including "
                "payment, learning and seeing their ideas used.</li></ul>"
                "<h3>Starting well</h3>"
                "<p>Co-production does not have to be a big programme. It can start with one "
                "decision: a care and support planning template, the wording of a letter, how "
                "a review meeting is run. What matters is that people are there when the "
                "decision is shaped, not only when it is announced.</p>",
            ),
            (
                "do_list",
                {
                    "heading_level": 3,
                    "label": "Do",
                    "do": [
                        "<p>involve people before you have decided what the problem is</p>",
                        "<p>pay people for their time and cover expenses promptly</p>",
                        "<p>agree together how decisions will be made</p>",
                        "<p>tell people what changed because of what they said</p>",
                    ],
                },
            ),
            (
                "dont_list",
                {
                    "heading_level": 3,
                    "label": "Don't",
                    "dont": [
                        "<p>invite one person with lived experience and expect them to "
                        "speak for everyone</p>",
                        "<p>use acronyms or papers people have not had time to read</p>",
                        "<p>call it co-production when the decision has already been made</p>",
                    ],
                },
            ),
            (
                "expander",
                {
                    "title": "Paying people for their time",
                    "body": [
                        (
                            "richtext",
                            "<p>Most organisations have a policy for paying people with lived "
                            "experience. Find yours before you start. Check whether payments "
                            "could affect anyone's benefits, offer alternatives such as "
                            "vouchers or learning opportunities where people prefer them, and "
                            "pay expenses on the day where you can.</p>",
                        )
                    ],
                },
            ),
        ],
        "do_activity": (
            "<p>Find one decision coming up in your team or organisation in the next month, "
            "however small, that affects people who use services. This week, have one "
            "conversation with a person with lived experience (a peer, a local group, a "
            "patient or carer forum) about how they could be involved in shaping it from the "
            "start, and what they would need to take part as an equal.</p>"
        ),
        "do_checklist": [
            "Name one upcoming decision that affects people who use services",
            "Find out your organisation's policy on paying people for their time",
            "Have one conversation about how people could shape it from the start",
        ],
        "reflect_prompts": [
            "Think of a time you were consulted on something already decided. How did it feel?",
            "What power would you, or your organisation, need to give up to co-produce this "
            "decision?",
            "Whose voices are missing from the decisions you are part of?",
        ],
        "share_invitation": (
            "<p>Share one idea for bringing people with lived experience in earlier, or one "
            "barrier you ran into. Others in your cohort may be facing the same one.</p>"
            "<p>Please don't name individuals or share anything they told you in "
            "confidence.</p>"
        ),
    },
    {
        "slug": "strengths-and-community-assets",
        "title": "Strengths and community assets",
        "summary": (
            "Starting with what people and places already have: strengths-based "
            "conversations, community assets and social prescribing."
        ),
        "minutes": 50,
        "lpc": ["L5", "R4", "D2"],
        "cmpc": ["SP1", "SP2", "SP3"],
        "learn": [
            (
                "text",
                "<h3>Start with what is strong, not what is wrong</h3>"
                "<p>Assessments usually start with deficits: what someone cannot do, what is "
                "missing, what the risks are. A strengths-based approach starts with what "
                "the person can do, what they know, who is in their life and what they enjoy. "
                "In England, the Care Act 2014 asks councils to consider a person's own "
                "strengths and the support around them when thinking about their care.</p>"
                "<p>The same is true of places. Every neighbourhood has assets: a café that "
                "lets people sit for hours, a faith group that cooks on Thursdays, a walking "
                "group, a neighbour who knows everyone. Asset-based community development "
                "starts by finding and connecting these, rather than importing new services "
                "into a community seen only through its problems.</p>",
            ),
            (
                "story",
                {
                    "quote": (
                        "After my stroke, all the letters were about what I couldn't do. I "
                        "couldn't drive, couldn't work, couldn't use my right hand properly. "
                        "The link worker asked me what I used to be good at. Carpentry, I "
                        "said. She took me to the men's shed behind the community centre. Now "
                        "I show the younger lads how to use a plane one-handed. I'm useful "
                        "again. That did more for me than any leaflet."
                    ),
                    "person": "Tony, a member of a community men's shed",
                    "context": _COMPOSITE,
                },
            ),
            (
                "text",
                "<h3>Social prescribing</h3>"
                "<p>Social prescribing link workers help people connect with community "
                "groups and services for practical, social and emotional support: debt advice, "
                "gardening projects, befriending, arts groups. They give people time to talk "
                "about what matters and build on their strengths.</p>"
                "<p>Leaders can make social prescribing work by knowing who the link workers "
                "are, inviting them into team meetings and, just as important, remembering "
                "that community groups are not free. Every referral lands on someone's "
                "volunteer time or stretched budget.</p>",
            ),
            (
                "care_card",
                {
                    "type": "primary",
                    "heading_level": 3,
                    "title": "Strengths-based does not mean stepping back",
                    "body": [
                        (
                            "richtext",
                            "<p>Building on strengths is not a reason to withdraw support "
                            "people need, or to expect families and communities to fill gaps "
                            "in services. If you are worried someone is at risk of harm, "
                            "follow your organisation's safeguarding procedures as you "
                            "normally would.</p>",
                        )
                    ],
                },
            ),
            (
                "inset_text",
                {
                    "body": "<p>A good strengths question: “When things have been hard before, "
                    "what helped you get through?”</p>"
                },
            ),
        ],
        "do_activity": (
            "<p>Take a walk, or a virtual walk using local listings and noticeboards, "
            "around the neighbourhood where the people you support live. List five community "
            "assets you did not know about: groups, places, people or organisations. If you "
            "can, ask one local person or link worker what they would add to your list.</p>"
        ),
        "do_checklist": [
            "Find five community assets near the people you support",
            "Ask a local person or link worker what you missed",
            "Share the list with your team",
        ],
        "reflect_prompts": [
            "How do the forms and conversations in your work frame people: by their "
            "strengths or by their needs?",
            "What did you find in the neighbourhood that surprised you?",
        ],
        "share_invitation": (
            "<p>Share one community asset you found and why it might matter to people. "
            "Groups and places are welcome; please leave out details about individuals who use "
            "services.</p>"
        ),
    },
    {
        "slug": "small-purposeful-steps-and-resilience",
        "title": "Small purposeful steps and resilience",
        "summary": (
            "How big change is made of small, purposeful steps, and how to keep going, and "
            "look after yourself, when change is slow."
        ),
        "minutes": 40,
        "lpc": ["D1", "L4", "B4", "D4"],
        "cmpc": ["SSM1", "SSM2"],
        "learn": [
            (
                "text",
                "<h3>The path is made by walking</h3>"
                "<p>The Spanish poet Antonio Machado wrote that there is no path: the path is "
                "made by walking. Personalised care is like that. It is rarely delivered by "
                "one big programme. It grows from many small, purposeful steps: one changed "
                "question, one rewritten letter, one meeting held somewhere more welcoming.</p>"
                "<p>Small steps matter because they are possible this week, they are easy to "
                "learn from, and they build confidence, for you and for the people around "
                "you. They also protect against a common trap: waiting for permission, funding "
                "or the perfect plan before changing anything.</p>",
            ),
            (
                "text",
                "<h3>Try, learn, adjust</h3>"
                "<p>A simple cycle helps: <strong>plan</strong> a small change, "
                "<strong>do</strong> it, <strong>study</strong> what happened, and "
                "<strong>act</strong> on what you learned. Keep each test small enough that "
                "if it does not work, nobody is harmed and you have lost little time.</p>"
                "<p>The same thinking sits behind supported self-management. People living "
                "with long-term conditions build knowledge, skills and confidence step by "
                "step. Health coaching and peer support work because they help people choose "
                "their own next step, at a size they feel able to take.</p>",
            ),
            (
                "story",
                {
                    "quote": (
                        "For years I got handed a diet sheet and told to lose weight. I'd "
                        "manage a week then give up and feel ashamed. The health coach didn't "
                        "give me a sheet. She asked what one thing I felt ready to change. I "
                        "said I could walk my son to school instead of driving, two days a "
                        "week. That was it. Two days became five. A year on, my numbers are "
                        "better, but mostly I feel like I'm in charge again."
                    ),
                    "person": "Nasreen, who lives with type 2 diabetes",
                    "context": _COMPOSITE,
                },
            ),
            (
                "text",
                "<h3>Resilience is not endurance</h3>"
                "<p>Leading change in stretched services is tiring. Resilience is sometimes "
                "presented as a personal quality: be tougher, cope better. In practice it is "
                "built with others, through supervision, peer support, enough rest and teams "
                "where it is safe to say “this is hard”.</p>"
                "<p>Leaders set the tone. If you email at midnight and praise people for "
                "working through lunch, your team learns that exhaustion is the price of "
                "caring. If you take your breaks and ask how people are, they learn "
                "something different.</p>",
            ),
            (
                "do_list",
                {
                    "heading_level": 3,
                    "label": "Keeping going",
                    "do": [
                        "<p>make each step small enough to take this week</p>",
                        "<p>notice and name progress, however small</p>",
                        "<p>find one person to talk to when it gets hard</p>",
                        "<p>protect some time for rest, and let your team see you do it</p>",
                    ],
                },
            ),
        ],
        "do_activity": (
            "<p>Choose one change you would like to see in your work that feels too big to "
            "start. Break it down until you find one step you can take in the next seven days "
            "in under an hour. Take that step, and write down what happened and what the next "
            "step could be.</p>"
            "<p>Then do one thing this week for your own wellbeing, and tell a colleague you "
            "did it.</p>"
        ),
        "do_checklist": [
            "Name the big change you want to see",
            "Break it down to one step you can take in under an hour",
            "Take the step and note what happened",
            "Do one thing for your own wellbeing",
        ],
        "reflect_prompts": [
            "What made the step you took feel possible, or hard?",
            "Where does your energy for this work come from, and what drains it?",
            "What would it look like to lead at a pace you can keep up?",
        ],
        "share_invitation": (
            "<p>Share the small step you took and what you learned from it, even if it did not "
            "go to plan. Those are often the most useful stories for others.</p>"
            "<p>Please keep anything about colleagues or people who use services anonymous.</p>"
        ),
    },
    {
        "slug": "the-power-of-peoples-stories",
        "title": "The power of people's stories",
        "summary": (
            "Why stories change minds, and how to gather and tell them with consent, accuracy "
            "and respect."
        ),
        "minutes": 45,
        "lpc": ["L3", "B3", "D3"],
        "cmpc": ["PCSP1", "PHB1", "PHB2"],
        "learn": [
            (
                "text",
                "<h3>Why stories matter</h3>"
                "<p>Data tells us how many. Stories tell us what it was like. A board can "
                "read that waiting times went down by two weeks and move on; it is harder to "
                "move on after hearing what those two weeks meant to a family. Stories help "
                "people see why change matters and picture what better looks like.</p>"
                "<p>Stories also keep us honest. When what people tell us does not match our "
                "reports, the stories are usually telling us something the numbers "
                "cannot.</p>",
            ),
            (
                "story",
                {
                    "quote": (
                        "Idris was having more and more seizures at home and I was exhausted. "
                        "With his personal health budget we didn't buy more hours of the same "
                        "care. We paid for swimming lessons with an instructor trained in "
                        "epilepsy, and a carer who could come on weekends when I'd got "
                        "nobody. The panel were nervous about the swimming. I said, read his "
                        "plan: it says he wants friends and to be fit. He's got both now. I "
                        "sleep again."
                    ),
                    "person": "Hana, whose son Idris has a personal health budget",
                    "context": _COMPOSITE,
                },
            ),
            (
                "text",
                "<h3>Stories belong to the people who tell them</h3>"
                "<p>A person's story is theirs. Telling it can be powerful for them, but it "
                "can also be exposing, tiring or painful. Using stories well means treating the "
                "teller as a partner, not a source.</p>"
                "<ul><li>Ask for consent for each use, and make it easy to say no or change "
                "their mind later.</li>"
                "<li>Let people check how their story will be told, and use their words.</li>"
                "<li>Remove details that could identify them unless they want to be "
                "named.</li>"
                "<li>Avoid making people into heroes or victims; tell the whole person.</li>"
                "<li>Show people what difference their story made.</li></ul>",
            ),
            (
                "warning_callout",
                {
                    "title": "Ask before you tell",
                    "heading_level": 3,
                    "body": "<p>Never share a story about someone who uses services, even "
                    "anonymised, without thinking about whether they could be recognised by "
                    "people who know them. In small teams and communities, a few details are "
                    "often enough. If in doubt, ask the person or leave it out.</p>",
                },
            ),
            (
                "expander",
                {
                    "title": "A simple shape for telling a story",
                    "body": [
                        (
                            "richtext",
                            "<ol><li><strong>The person</strong>: who they are, beyond their "
                            "diagnosis or service.</li>"
                            "<li><strong>What mattered</strong>: what they wanted for their "
                            "life.</li>"
                            "<li><strong>What happened</strong>: what helped, and what got in "
                            "the way.</li>"
                            "<li><strong>What changed</strong>: for them, and for the "
                            "service.</li>"
                            "<li><strong>What we learned</strong>: and what we will do "
                            "next.</li></ol>",
                        )
                    ],
                },
            ),
        ],
        "do_activity": (
            "<p>Bring one story of personalised care into a meeting or conversation where "
            "decisions are made this week. It could be a story a person has agreed you can "
            "share, a published story, or your own experience as someone who uses services "
            "or cares for someone. Use the five-part shape, keep it under three minutes, and "
            "end with what you think should change.</p>"
        ),
        "do_checklist": [
            "Choose a story and check you have consent to tell it",
            "Shape it using the five parts",
            "Tell it in a meeting where decisions are made",
            "Note how people responded",
        ],
        "reflect_prompts": [
            "How did it feel to tell the story, and how did people respond?",
            "Whose stories are heard in your organisation, and whose are missing?",
        ],
        "share_invitation": (
            "<p>Share what happened when you told a story at work: what landed, what you would "
            "do differently. You don't need to repeat the story itself.</p>"
            "<p>Please don't include names or details that could identify the person whose "
            "story it is.</p>"
        ),
    },
]


# ---------------------------------------------------------------------------------------------
# Demo learners
# ---------------------------------------------------------------------------------------------

SKIPPED = StageCompletion.Outcome.SKIPPED

# Each step: (module index, stage, days ago, note, outcome)
LEARNER_STEPS = [
    (0, Stage.LEARN, 25, "", None),
    (
        0,
        Stage.DO,
        22,
        "Asked three people at our Tuesday drop-in what matters to them before anything else. "
        "One man talked about getting back to his allotment, so we moved his appointments to "
        "the afternoon.",
        None,
    ),
    (0, Stage.REFLECT, 21, "", None),
    (0, Stage.SHARE, 21, "", None),
    (1, Stage.LEARN, 14, "", None),
    (
        1,
        Stage.DO,
        10,
        "Sent the papers for a care review to the person and her daughter a week early, in "
        "plain English, and opened the meeting with 'what would you like to happen?'.",
        None,
    ),
    (1, Stage.REFLECT, 9, "", None),
    (1, Stage.SHARE, 9, "", SKIPPED),
    (2, Stage.LEARN, 2, "", None),
]

LEARNER2_DO_NOTES = [
    "Asked 'what matters to you?' at the start of four home visits. Wrote the answers in "
    "people's own words on the plan.",
    "Invited a carer into our weekly discharge huddle for the first time, instead of "
    "phoning him afterwards.",
    "Met the chair of the local carers' forum about co-designing our new review letter. "
    "Found out our policy on paying people for their time.",
    "Walked the estate with a social prescribing link worker and found a lunch club, a "
    "community garden and a knit-and-natter group we had never referred to.",
    "Broke 'better discharge letters' down to one step: rewrote the opening paragraph in "
    "plain language and tried it on two letters.",
    "Told an anonymised story (with consent) at our team meeting about a personal health "
    "budget used for swimming lessons. Two colleagues asked how to refer.",
]

LEARNER_BASELINE = [1, 2, 1, 1, 2, 1, 2, 1, 1, 1, 2, 1, 2, 1, 1, 2, 1]
LEARNER2_BASELINE = [1, 1, 2, 1, 2, 1, 1, 2, 1, 1, 1, 2, 1, 2, 1, 1, 2]
LEARNER2_LATER = [2, 3, 3, 2, 3, 2, 3, 3, 2, 2, 3, 3, 2, 3, 2, 3, 4]


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def demo_learning_ensure(*, accounts: dict) -> None:
    """Create or update the frameworks, the course and the demo learners' progress."""
    lpc = demo_framework_ensure(spec=LPC)
    cmpc = demo_framework_ensure(spec=CMPC)
    course, modules = demo_course_ensure(lpc=lpc, cmpc=cmpc)
    learner = accounts.get("learner@example.org")
    if learner is not None:
        _learner_progress_ensure(user=learner, course=course, modules=modules, lpc=lpc)
    learner2 = accounts.get("learner2@example.org")
    if learner2 is not None:
        _learner2_progress_ensure(user=learner2, course=course, modules=modules, lpc=lpc)


def _assign(obj, values: dict) -> bool:
    """Set plain field values; say whether any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def demo_framework_ensure(*, spec: dict) -> Framework:
    """A framework with its themes and capabilities, matched by name and code."""
    fields = {k: spec[k] for k in ("short_name", "summary", "source_url", "version")}
    framework = Framework.objects.filter(name=spec["name"]).first()
    if framework is None:
        framework = Framework(
            name=spec["name"],
            **fields,
            themes=[
                Theme(
                    name=name,
                    description=description,
                    sort_order=t,
                    capabilities=[
                        Capability(code=code, statement=statement, guidance=guidance, sort_order=c)
                        for c, (code, statement, guidance) in enumerate(capabilities)
                    ],
                )
                for t, (name, description, capabilities) in enumerate(spec["themes"])
            ],
        )
        framework.save()
        return framework

    if _assign(framework, fields):
        framework.save()
    for t, (name, description, capabilities) in enumerate(spec["themes"]):
        theme = Theme.objects.filter(framework=framework, name=name).first()
        if theme is None:
            theme = Theme(framework=framework, name=name)
        if _assign(theme, {"description": description, "sort_order": t}) or theme.pk is None:
            theme.save()
        for c, (code, statement, guidance) in enumerate(capabilities):
            capability = Capability.objects.filter(theme=theme, code=code).first()
            if capability is None:
                capability = Capability(theme=theme, code=code)
            values = {"statement": statement, "guidance": guidance, "sort_order": c}
            if _assign(capability, values) or capability.pk is None:
                capability.save()
    return framework


def _strip_ids(value):
    """Stream data without the block ids Wagtail generates, for comparing content."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _comparable(page: Page, name: str):
    value = getattr(page, name)
    if isinstance(page._meta.get_field(name), StreamField):
        return _strip_ids(value.get_prep_value())
    return value


def _page_ensure(*, parent: Page, model, slug: str, values: dict, capabilities=None):
    """Find the page by slug under its parent, or add it; publish only when content changed."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **values)
        if capabilities is not None:
            page.capabilities = capabilities
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
    changed = not page.live
    for name, value in values.items():
        before = _comparable(page, name)
        setattr(page, name, value)
        if _comparable(page, name) != before:
            changed = True
    if capabilities is not None:
        wanted = {c.pk for c in capabilities}
        if {c.pk for c in page.capabilities.all()} != wanted:
            page.capabilities = capabilities
            changed = True
    if changed:
        page.save_revision().publish()
    return page


def _capabilities(framework: Framework, codes: list[str]) -> list[Capability]:
    by_code = {c.code: c for c in Capability.objects.filter(theme__framework=framework)}
    return [by_code[code] for code in codes]


def demo_course_ensure(*, lpc: Framework, cmpc: Framework) -> tuple[CoursePage, list[ModulePage]]:
    home = Site.objects.get(is_default_site=True).root_page
    index = _page_ensure(
        parent=home,
        model=CourseIndexPage,
        slug="courses",
        values={"title": "Courses", "introduction": INDEX_INTRODUCTION},
    )
    course = _page_ensure(
        parent=index,
        model=CoursePage,
        slug=COURSE_SLUG,
        values={**COURSE, "framework": lpc},
    )
    modules = []
    for spec in MODULES:
        modules.append(
            _page_ensure(
                parent=course,
                model=ModulePage,
                slug=spec["slug"],
                values={
                    "title": spec["title"],
                    "summary": spec["summary"],
                    "estimated_minutes": spec["minutes"],
                    "is_required": True,
                    "second_framework": cmpc,
                    "learn_body": spec["learn"],
                    "do_activity": spec["do_activity"],
                    "do_checklist": [("item", item) for item in spec["do_checklist"]],
                    "reflect_prompts": [("prompt", p) for p in spec["reflect_prompts"]],
                    "share_invitation": spec["share_invitation"],
                },
                capabilities=_capabilities(lpc, spec["lpc"]) + _capabilities(cmpc, spec["cmpc"]),
            )
        )
    return course, modules


def _ago(now: datetime, days: int, hour: int) -> datetime:
    return (now - timedelta(days=days)).replace(
        hour=hour, minute=(days * 7) % 60, second=0, microsecond=0
    )


def _steps_record(*, user, course: CoursePage, modules: list[ModulePage], steps, now) -> bool:
    """Record the missing steps through the real service, then date them as scripted.

    Returns whether anything was recorded, so the enrolment's dates are only touched then.
    """
    recorded = False
    for n, (index, stage_choice, days, note, outcome) in enumerate(steps):
        module, stage = modules[index], str(stage_choice)
        if StageCompletion.objects.filter(user=user, module=module, stage=stage).exists():
            continue
        had_module = ModuleCompletion.objects.filter(user=user, module=module).exists()
        stage_complete(
            user=user,
            module=module,
            stage=stage,
            note=note,
            outcome=outcome or StageCompletion.Outcome.DONE,
        )
        when = _ago(now, days, 9 + (n * 5) % 9)
        StageCompletion.objects.filter(user=user, module=module, stage=stage).update(
            completed_at=when
        )
        if not had_module and stage in required_stages(course=course):
            ModuleCompletion.objects.filter(user=user, module=module).update(completed_at=when)
        recorded = True
    return recorded


def _enrolment_dates_set(*, user, course: CoursePage, modules, enrolled_at: datetime) -> None:
    """Date the enrolment to match the scripted steps: started, last active and completed."""
    enrolment = Enrolment.objects.get(user=user, course=course)
    last = StageCompletion.objects.filter(user=user, module__in=modules).aggregate(
        last=Max("completed_at")
    )["last"]
    values = {"created_at": enrolled_at, "last_activity_at": last or enrolled_at}
    if enrolment.completed_at is not None:
        values["completed_at"] = ModuleCompletion.objects.filter(
            user=user, module__in=modules
        ).aggregate(last=Max("completed_at"))["last"]
    Enrolment.objects.filter(pk=enrolment.pk).update(**values)


def _assessment_ensure(*, user, framework: Framework, levels: list[int], when, nth: int) -> None:
    """Record the user's nth self-assessment on the framework unless they already have it."""
    if SelfAssessment.objects.filter(user=user, framework=framework).count() >= nth:
        return
    capabilities = Capability.objects.filter(theme__framework=framework).order_by(
        "theme__sort_order", "sort_order"
    )
    ratings: dict[int, int | None] = {
        c.pk: level for c, level in zip(capabilities, cycle(levels), strict=False)
    }
    assessment = self_assessment_record(user=user, framework=framework, ratings=ratings)
    SelfAssessment.objects.filter(pk=assessment.pk).update(created_at=when)


def _learner_progress_ensure(*, user, course, modules, lpc) -> None:
    """Amara: two modules done (the second without sharing), the third started."""
    now = timezone.now()
    created = not Enrolment.objects.filter(user=user, course=course).exists()
    enrolment_create(user=user, course=course)
    recorded = _steps_record(
        user=user, course=course, modules=modules, steps=LEARNER_STEPS, now=now
    )
    if created or recorded:
        _enrolment_dates_set(
            user=user, course=course, modules=modules, enrolled_at=_ago(now, 26, 19)
        )
    _assessment_ensure(
        user=user, framework=lpc, levels=LEARNER_BASELINE, when=_ago(now, 26, 19), nth=1
    )


def _learner2_progress_ensure(*, user, course, modules, lpc) -> None:
    """Siân: every module done a module a week, the course completed about a week ago."""
    now = timezone.now()
    steps = []
    for index in range(len(modules)):
        start = 56 - 9 * index
        note = LEARNER2_DO_NOTES[index % len(LEARNER2_DO_NOTES)]
        steps += [
            (index, Stage.LEARN, start, "", None),
            (index, Stage.DO, start - 2, note, None),
            (index, Stage.REFLECT, start - 3, "", None),
            (index, Stage.SHARE, start - 3, "", SKIPPED if index == 2 else None),
        ]
    created = not Enrolment.objects.filter(user=user, course=course).exists()
    enrolment_create(user=user, course=course)
    recorded = _steps_record(user=user, course=course, modules=modules, steps=steps, now=now)
    if created or recorded:
        _enrolment_dates_set(
            user=user, course=course, modules=modules, enrolled_at=_ago(now, 58, 8)
        )
    _assessment_ensure(
        user=user, framework=lpc, levels=LEARNER2_BASELINE, when=_ago(now, 58, 8), nth=1
    )
    _assessment_ensure(
        user=user, framework=lpc, levels=LEARNER2_LATER, when=_ago(now, 7, 20), nth=2
    )
