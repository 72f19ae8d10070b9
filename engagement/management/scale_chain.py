"""The chain hanging off each generated plan item: questions with votes and responses,
feedback with ratings, the published outcome, recommendations, actions and progress.

Part of `seed_demo --scale N` (see scale_data.py); rows go in with bulk_create.
"""

import datetime as dt

from django.utils import timezone

from engagement.models import (
    Action,
    Feedback,
    FeedbackRating,
    ProgressUpdate,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
    Upvote,
)

BATCH = 2000
DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
DECLINE_REASON = "About an individual crime: please call 101, or 999 in an emergency."
MEAN_UPVOTES_PER_SHOWN_QUESTION = 4.3  # about 3 per question once declined ones are counted
# A question deferred at a meeting gets its written answer within months, so only those of
# recent meetings still wait for one, as on a panel that keeps up; older ones are answered.
WRITTEN_ANSWER_WITHIN = 183 * DAY
# How questions at a past meeting ended up, as (status, weight).
QUESTION_FATES = [
    ("answered", 66),
    ("accepted", 16),
    ("declined", 8),
    ("merged", 6),
    ("withdrawn", 4),
]

TOPICS = [
    "drug dealing near the station",
    "speeding on residential roads",
    "anti-social behaviour in the park",
    "shoplifting in the high street",
    "burglary in the new estates",
    "knife crime among young people",
    "hate crime against Muslim women",
    "harassment of LGBTQ+ people at night",
    "fly-tipping on rural lanes",
    "e-scooter nuisance on pavements",
    "catalytic converter theft",
    "scams targeting older residents",
]
ASKS = [
    "How will the neighbourhood team hear from people affected by {topic}, and when will "
    "they be told what was done?",
    "The plan mentions {topic} but sets no measure. What will count as success by the next panel?",
    "Residents who do not use social media never hear about meetings on {topic}. What will "
    "change for them?",
    "Can the team hold a surgery somewhere people already go, to talk about {topic}?",
    "Who is the named officer for {topic}, and how can community groups reach them?",
]
ANSWERS = [
    "We will hold a monthly surgery on this at the community centre and publish what we "
    "heard within two weeks.",
    "The plan now sets a measure: survey responses from the affected wards, reported at "
    "every panel.",
    "A named sergeant now owns this priority and will report progress on Herts Connected.",
    "We have agreed with partners to use printed newsletters and the local radio as well.",
]
RECOMMENDATIONS = [
    "Publish a 'you said, we did' summary for every ward after each cycle.",
    "Hold daytime surgeries where older residents already go.",
    "Agree a measure of confidence in reporting with the community organisations.",
    "Check every venue for step-free access and offer interpreters.",
    "Co-write the methods section with young people before the next panel.",
]


class ChainRows:
    """What ScaleData adds under each plan item, with its reps, chiefs and office users."""

    def add_questions(self, rng, item, version, count):
        starts, chief = item.meeting.starts_at, self.chiefs[item.plan.district_id]
        fates, weights = zip(*QUESTION_FATES, strict=True)
        answered_in_writing = starts < timezone.now() - WRITTEN_ANSWER_WITHIN
        rows, merged, voters = [], [], {}
        for number in range(count):
            # The first question is always shown, so merged ones have somewhere to go.
            fate = "answered" if number == 0 else rng.choices(fates, weights)[0]
            deferred = fate == "accepted"
            user_id, org_id = rng.choice(self.reps)
            from_floor = fate == "answered" and rng.random() < 0.05
            asked = starts - rng.randint(8, 40) * DAY - rng.randint(0, 600) * MINUTE
            is_shown = fate in Question.SHOWN_STATUSES
            is_answered = fate == "answered"
            question = Question(
                agenda_item=item,
                plan_version=version,
                section=rng.choice(self.templates) if rng.random() < 0.6 else None,
                asked_by_id=None if from_floor else user_id,
                organisation_id=org_id,
                text=rng.choice(ASKS).format(topic=rng.choice(TOPICS)),
                is_public=rng.random() < 0.85,
                source="floor" if from_floor else "web",
                status="answered" if deferred and answered_in_writing else fate,
                is_late=rng.random() < 0.03,
                decline_reason=DECLINE_REASON if fate == "declined" else "",
                moderated_by=self.secretary,
                moderated_at=asked + DAY,
                live_state="deferred" if deferred else "answered" if is_answered else "waiting",
                taken_at=starts + rng.randint(10, 140) * MINUTE if is_shown else None,
                created_at=asked,
                updated_at=asked + DAY,
            )
            if is_shown:
                voters[id(question)] = self.voters(rng, question.asked_by_id)
                question.vote_count = len(voters[id(question)])
            (merged if fate == "merged" else rows).append(question)
        rows = Question.objects.bulk_create(rows, batch_size=BATCH)
        shown = [q for q in rows if q.is_shown]
        for question in merged:
            question.merged_into = rng.choice(shown)
        Question.objects.bulk_create(merged, batch_size=BATCH)
        Upvote.objects.bulk_create(
            (Upvote(question=q, user_id=user_id) for q in shown for user_id in voters[id(q)]),
            batch_size=BATCH,
        )
        QuestionResponse.objects.bulk_create(
            (
                QuestionResponse(
                    question=question,
                    text=rng.choice(ANSWERS),
                    responded_by=chief,
                    # Deferred questions are answered in writing after the meeting.
                    created_at=(
                        when := (
                            starts if question.live_state == "deferred" else question.created_at
                        )
                        + rng.randint(2, 30) * DAY
                    ),
                    updated_at=when,
                )
                for question in shown
                if question.status == Question.Status.ANSWERED
            ),
            batch_size=BATCH,
        )
        return shown

    def voters(self, rng, asker_id):
        """Who upvoted a question: a few people mostly, many for the odd popular one."""
        wanted = rng.expovariate(1 / MEAN_UPVOTES_PER_SHOWN_QUESTION)
        count = min(30, len(self.reps) - 1, int(wanted))
        people = [user_id for user_id, _ in rng.sample(self.reps, count + 1)]
        return [user_id for user_id in people if user_id != asker_id][:count]

    def add_feedback(self, rng, item, version, count):
        starts = item.meeting.starts_at
        entries = Feedback.objects.bulk_create(
            (
                Feedback(
                    plan_version=version,
                    agenda_item=item,
                    author_id=user_id,
                    organisation_id=org_id,
                    what_works=f"Clear on {rng.choice(TOPICS)}.",
                    what_is_missing=f"Nothing yet on {rng.choice(TOPICS)}.",
                    created_at=(when := starts - rng.randint(8, 30) * DAY),
                    updated_at=when,
                )
                for user_id, org_id in rng.sample(self.reps, min(count, len(self.reps)))
            ),
            batch_size=BATCH,
        )
        quality = rng.randint(1, 4)  # some plans are better than others
        FeedbackRating.objects.bulk_create(
            (
                FeedbackRating(
                    feedback=entry, criterion=criterion, score=min(5, quality + rng.randint(0, 2))
                )
                for entry in entries
                for criterion in self.criteria
            ),
            batch_size=BATCH,
        )

    def add_outcome(self, rng, item, questions, recommendation_count, action_count):
        published = item.meeting.starts_at + 21 * DAY
        district = item.plan.district
        outcome = ScrutinyOutcome.objects.create(
            meeting=item.meeting,
            plan=item.plan,
            agenda_item=item,
            rating=rng.choice(["red", "amber", "amber", "green", "green"]),
            rationale="Generated: the plan was reviewed against the panel's criteria.",
            findings="Generated findings for load testing.",
            reviewed_by=self.commissioner,
            published_at=published,
            published_by=self.commissioner,
            created_at=published - 2 * DAY,
            updated_at=published,
        )
        statuses = ["done", "done", "accepted", "partly_accepted", "rejected", "open"]
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                outcome=outcome,
                text=rng.choice(RECOMMENDATIONS),
                owner=district,
                due_on=(published + rng.randint(60, 180) * DAY).date(),
                reply_due_on=(published + 28 * DAY).date(),
                status=(status := rng.choice(statuses)),
                reply="" if status == "open" else "Agreed with partners; see the actions.",
                replied_by=None if status == "open" else self.chiefs[district.pk],
                replied_at=None if status == "open" else published + 10 * DAY,
                created_by=self.commissioner,
                created_at=published,
                updated_at=published,
            )
            for _ in range(recommendation_count)
        )
        Through = Recommendation.questions.through
        Through.objects.bulk_create(
            Through(recommendation=recommendation, question=question)
            for recommendation in recommendations
            for question in rng.sample(questions, min(len(questions), rng.randint(1, 3)))
        )
        self.add_actions(rng, item, recommendations, action_count, published)

    def add_actions(self, rng, item, recommendations, count, published):
        district, chief = item.plan.district, self.chiefs[item.plan.district_id]
        today = timezone.localdate()
        actions = []
        for number in range(count):
            # Most follow from a recommendation; the rest were agreed in the meeting.
            recommendation = (
                recommendations[number % len(recommendations)]
                if (recommendations and number % 5)
                else None
            )
            due = (published + rng.randint(30, 240) * DAY).date()
            status = rng.choices(
                ["done", "in_progress", "not_started", "not_accepted"], [60, 25, 10, 5]
            )[0]
            if status in ("in_progress", "not_started") and due < today and rng.random() < 0.5:
                status = "done"
            actions.append(
                Action(
                    district=district,
                    recommendation=recommendation,
                    agenda_item=None if recommendation else item,
                    title=f"Act on {rng.choice(TOPICS)}",
                    owner_name=f"Sergeant {rng.choice(['Barnes', 'Carter', 'Gill', 'Turner'])}",
                    due_on=due,
                    status=status,
                    completed_on=min(today, due + rng.randint(-20, 20) * DAY)
                    if status == "done"
                    else None,
                    created_by=self.commissioner,
                    created_at=published,
                    updated_at=published,
                )
            )
        actions = Action.objects.bulk_create(actions, batch_size=BATCH)
        updates = []
        for action in actions:
            steps = {"done": ["in_progress", "done"], "in_progress": ["in_progress"]}.get(
                action.status, ["not_accepted"] if action.status == "not_accepted" else []
            )
            if rng.random() < 0.3:
                steps = ["in_progress", *steps]
            for step_number, step in enumerate(steps, start=1):
                reported = min(today, (published + 20 * step_number * DAY).date())
                updates.append(
                    ProgressUpdate(
                        action=action,
                        status=step,
                        note=f"Update {step_number}: {rng.choice(ANSWERS)}",
                        reported_on=reported,
                        reported_by=chief,
                    )
                )
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
