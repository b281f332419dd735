"""Assignment "cocacola": the Coca-Cola case: what a complaint is worth and which response to give it, the
loyalty statistics of the slides, complaint handling in real survey data, and a failure in the value delivery
system (C-CC, L8, R3, S10, V2)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Written
from crmlab.retention import retention_for_uplift
from crmlab.satisfaction import complaint_outcomes
from crmlab.value import delivered_value

RESPONSES = ("visit", "letter", "ignore")
UPLIFT_POINTS = 0.05


def inputs(draw):
    """A customer's lifetime value, the share of listeners swayed and the word-of-mouth figures chosen from the
    slides; the cost of two responses to a complaint; a discount rate; the student's own sample of 200 of the
    250 real ECSI mobile-phone customers and a cut-off for good complaint handling; and the old lady's
    delivered value of Coca-Cola and of a rival before the pin, after it and after the visit (illustrative
    points).

    Constraints: the best response beats the next by at least 50 yuan; Coca-Cola delivers more value than the
    rival before the pin and after the visit, and less after the pin, each by at least 5 points (the story);
    the lesser worry alone would not have won her back (the visit's personal attention is needed).
    """
    from crmlab.data import load
    from crmlab.satisfaction import complaint_outcomes
    from crmlab.value import delivered_value

    complaint = {"lifetime_value": draw.integer(500, 3000, 100), "swayed": draw.number(0.02, 0.15, 0.01),
                 "handled_tells": draw.choice([8, 10]), "mishandled_tells": draw.choice([10, 22])}
    costs = {"visit": draw.integer(100, 1000, 50), "letter": draw.integer(20, 200, 10), "ignore": 0}
    shared = {"lifetime_value": complaint["lifetime_value"], "swayed": complaint["swayed"]}
    outcome = complaint_outcomes(**complaint)
    worth = {"visit": outcome["handled"], "ignore": outcome["mishandled"],
             "letter": complaint_outcomes(**shared, handled_retention=0.825, handled_tells=8)["handled"]}
    net = sorted(worth[name] - cost for name, cost in costs.items())
    draw.require(net[-1] - net[-2] >= 50)
    coke = {"product": draw.integer(50, 70, 5), "service": draw.integer(5, 15, 5), "personnel": 5,
            "image": draw.integer(30, 50, 5), "monetary": draw.integer(25, 35, 5), "time": 5, "energy": 5,
            "psychological": 5}
    rival = {"product": draw.integer(45, 65, 5), "service": draw.integer(5, 15, 5), "personnel": 5,
             "image": draw.integer(15, 35, 5), "monetary": draw.integer(20, 30, 5), "time": 5, "energy": 5,
             "psychological": 5}
    pin = {"image_lost": draw.integer(5, 20, 5), "worry": draw.integer(20, 60, 5)}
    visit = {"personnel": draw.integer(20, 60, 5), "worry_left": draw.integer(0, 10, 5)}
    after_pin = {**coke, "image": coke["image"] - pin["image_lost"],
                 "psychological": coke["psychological"] + pin["worry"]}
    after_visit = {**after_pin, "personnel": coke["personnel"] + visit["personnel"],
                   "psychological": coke["psychological"] + visit["worry_left"]}
    theirs = delivered_value(**rival).delivered_value
    draw.require(delivered_value(**coke).delivered_value >= theirs + 5)
    draw.require(delivered_value(**after_pin).delivered_value <= theirs - 5)
    draw.require(delivered_value(**after_visit).delivered_value >= theirs + 5)
    draw.require(delivered_value(**{**after_visit, "personnel": coke["personnel"]}).delivered_value <= theirs - 5)
    survey = draw.rows(load("mobi")[["CUSCO", "CUSL1", "CUSL3"]], 200)  # last: a redraw above need not load it
    return {"complaint": complaint, "response_costs": costs, "discount_rate": draw.number(0.05, 0.12, 0.01),
            "survey": survey, "good_handling": draw.choice([6, 7, 8]), "coke": coke, "rival": rival, "pin": pin,
            "visit": visit}


def _response_values(v) -> dict[str, float]:
    """What a complaint is worth after each response, net of its cost: the president's visit leaves the customer
    highly satisfied (the default outcome "handled"), a letter with a coupon satisfied (score 4 of the
    retention table, 80–85 %, telling 8 people, as the slides say of a satisfied customer), no response leaves
    the complaint mishandled."""
    complaint, costs = v["complaint"], v["response_costs"]
    outcome = complaint_outcomes(**complaint)
    letter = complaint_outcomes(complaint["lifetime_value"], complaint["swayed"], handled_retention=0.825,
                                handled_tells=8)["handled"]
    worth = {"visit": outcome["handled"], "letter": letter, "ignore": outcome["mishandled"]}
    return {name: float(worth[name] - costs[name]) for name in RESPONSES}


def _survey(v) -> dict[str, float]:
    survey = v["survey"].astype(float)
    good = survey["CUSCO"] >= v["good_handling"]
    return {"recommend_gap": survey.loc[good, "CUSL3"].mean() - survey.loc[~good, "CUSL3"].mean(),
            "r_recommend": survey["CUSCO"].corr(survey["CUSL3"]),
            "r_choose_again": survey["CUSCO"].corr(survey["CUSL1"])}


def _moments(v) -> dict[str, dict]:
    """Coca-Cola's offer in the old lady's eyes before the pin, after it and after the president's visit."""
    coke, pin, visit = v["coke"], v["pin"], v["visit"]
    after_pin = {**coke, "image": coke["image"] - pin["image_lost"],
                 "psychological": coke["psychological"] + pin["worry"]}
    return {"before": coke, "pin": after_pin,
            "visit": {**after_pin, "personnel": coke["personnel"] + visit["personnel"],
                      "psychological": coke["psychological"] + visit["worry_left"]}}


def _visit_needed(v) -> float:
    """The personnel value the visit must add, at least, for Coca-Cola to deliver as much value as the rival."""
    without = {**_moments(v)["visit"], "personnel": v["coke"]["personnel"]}
    return delivered_value(**v["rival"]).delivered_value - delivered_value(**without).delivered_value


ASSIGNMENT = Assignment(
    name="cocacola",
    title="Exercise 9: Case: Coca-Cola (可口可乐): what a complaint is worth, and loyalty as the real asset",
    covers=("C-CC", "L8", "R3", "S10", "V2"),
    intro="""
"Even if all my plants burned down overnight, as long as I have the Coca-Cola brand, I could rise again": the
lecture *客户忠诚管理* (Loyalty management) explains the head of Coca-Cola's confidence by customers' loyalty.
An old lady found a pin (别针) in her bottle; the president showed her round a bottling plant, and she said she
would go on buying Coca-Cola even if she found another pin. The lecture's statistics come with the story: a
dissatisfied customer tells 8–10 people (another slide: 22), a satisfied one 8, a highly satisfied one 10 or
more; +5 % retention raises profit by 15 % (another slide: 85 %). The slides name no executive, date no story
and give no source for the figures, which contradict each other: treat them as management folklore.

You value the complaint with `crmlab.satisfaction.complaint_outcomes` (the complaint's value through
retention, from the satisfaction-score table of the lecture *顾客满意及其管理*, and through word of mouth, of
which a share `swayed` of the listeners acts on what they hear: an assumption), test what the retention
statistics silently assume, look at complaint handling in **real** survey answers, and trace the pin through
the value delivery system. `survey` is your own random sample of 200 of the 250 customers of a mobile-phone
provider in the ECSI survey (Tenenhaus et al. 2005, data set `mobi`, 1–10 scales): `CUSCO` how well the
customer's last complaint was handled, or, for those who did not complain, how much they think the provider
would care about one (the file does not say who complained); `CUSL1` how likely they would choose the provider
again; `CUSL3` how likely they would recommend it. The provider is not Coca-Cola.
""",
    setup="""
import numbers
import pandas as pd
from crmlab.retention import retention_for_uplift, retention_uplift
from crmlab.satisfaction import complaint_outcomes
from crmlab.value import delivered_value
""",
    inputs=inputs,
    parts=(
        Part("complaint", 2,
             "A complaint handled well leaves the customer highly satisfied and telling "
             "`complaint['handled_tells']` people; one mishandled leaves him very dissatisfied and telling "
             "`complaint['mishandled_tells']` (the slides give both 8–10 and 22). Set `handled`, `mishandled` "
             "and `difference` to what the complaint is worth to the firm in each case and the difference, "
             "in yuan, with `complaint_outcomes` and the figures in `complaint`.",
             "outcome = complaint_outcomes(**complaint)\n"
             'handled, mishandled, difference = outcome["handled"], outcome["mishandled"], outcome["difference"]',
             "for answer in (handled, mishandled, difference):\n"
             '    assert isinstance(answer, numbers.Real), "values in yuan"',
             lambda v: {name: Expect.number(value, tol=0.5)
                        for name, value in complaint_outcomes(**v["complaint"]).items()},
             hint="W = r V ± s n V: retention times the lifetime value, plus (handled) or minus (mishandled) the "
                  "listeners swayed times the lifetime value (book: the case page, What one complaint is worth)"),
        Part("response", 2,
             "The firm can answer a complaint in three ways, each at the cost in `response_costs` (yuan): the "
             '`"visit"` of a senior manager, as the president did (the customer ends highly satisfied: your '
             '`handled`), a '
             '`"letter"` with a coupon (the customer ends satisfied: score 4 of the retention table, whose '
             "band's middle is 0.825, telling 8 people, with the same lifetime value and share swayed), or "
             '`"ignore"` (your `mishandled`). Set `response_values` to what the complaint is worth after each '
             "response, net of its cost (a dict with the three names), and `best_complaint_response` to the "
             "best.",
             "satisfied = complaint_outcomes(complaint['lifetime_value'], complaint['swayed'], "
             "handled_retention=0.825, handled_tells=8)\n"
             'letter = satisfied["handled"]\n'
             'worth = {"visit": handled, "letter": letter, "ignore": mishandled}\n'
             "response_values = {name: worth[name] - cost for name, cost in response_costs.items()}\n"
             "best_complaint_response = max(response_values, key=response_values.get)",
             'assert set(response_values) == {"visit", "letter", "ignore"}\n'
             'assert best_complaint_response in response_values',
             lambda v: {"response_values": Expect.numbers(_response_values(v), tol=0.5),
                        "best_complaint_response": Expect.text(max(_response_values(v),
                                                                   key=_response_values(v).get))},
             hint="the letter is the 'handled' case of complaint_outcomes with retention 0.825 and 8 people told; "
                  "subtract each response's cost"),
        Part("folklore", 2,
             "Under a constant margin the no-horizon lifetime value is m / (1 + d − r), so 5 more points of "
             "retention raise it by 0.05 / (1 + d − r − 0.05). With your `discount_rate`: set `r_for_15` to the "
             "starting retention at which +5 points give the slides' +15 % (`retention_for_uplift`); "
             "`uplift_cap` to the largest rise +5 points could ever give (as r approaches its highest possible "
             "value, 0.95); and `reach_85` to whether the slides' +85 % is possible at all.",
             "r_for_15 = retention_for_uplift(0.15, discount_rate)\n"
             "uplift_cap = 0.05 / discount_rate  # 0.05 / (1 + d − r − 0.05) as r → 0.95\n"
             "reach_85 = uplift_cap > 0.85",
             'assert isinstance(r_for_15, numbers.Real) and 0 <= r_for_15 < 1\n'
             'assert isinstance(uplift_cap, numbers.Real)\n'
             'assert reach_85 in (True, False)',
             lambda v: {"r_for_15": Expect.number(retention_for_uplift(0.15, v["discount_rate"]), tol=0.001),
                        "uplift_cap": Expect.number(UPLIFT_POINTS / v["discount_rate"], tol=0.001),
                        "reach_85": Expect.flag(UPLIFT_POINTS / v["discount_rate"] > 0.85)},
             hint="solve 0.05 / (1 + d − r − 0.05) = u for r; the rise grows as 1 + d − r − 0.05 shrinks towards d "
                  "(book: The value of loyalty)"),
        Part("recommend", 2,
             "In `survey`, call complaint handling *good* when `CUSCO` is at least `good_handling`. Set "
             "`recommend_gap` to the mean of `CUSL3` (would recommend) among customers with good handling minus "
             "its mean among the others, and `r_recommend` and `r_choose_again` to the correlation of `CUSCO` "
             "with `CUSL3` and with `CUSL1`.",
             'answers = survey.astype(float)\n'
             'good = answers["CUSCO"] >= good_handling\n'
             'recommend_gap = answers.loc[good, "CUSL3"].mean() - answers.loc[~good, "CUSL3"].mean()\n'
             'r_recommend = answers["CUSCO"].corr(answers["CUSL3"])\n'
             'r_choose_again = answers["CUSCO"].corr(answers["CUSL1"])',
             "for answer in (recommend_gap, r_recommend, r_choose_again):\n"
             '    assert isinstance(answer, numbers.Real), "numbers"',
             lambda v: {name: Expect.number(value, tol=0.001) for name, value in _survey(v).items()},
             hint="a boolean mask for good handling; means of CUSL3 on each side; Series.corr for the "
                  "correlations"),
        Part("delivery", 2,
             "Coca-Cola's drinks are filled by bottlers, many of them separate companies licensed by the "
             "Coca-Cola Company: the pin entered the bottle two firms away from the brand, in its value delivery "
             "system. In the old lady's eyes (illustrative points), `coke` and `rival` are the two colas' values "
             "and costs. The pin lowers Coca-Cola's image value by `pin['image_lost']` and adds "
             "`pin['worry']` to her psychological cost; the visit adds `visit['personnel']` to the personnel "
             "value and brings her worry down to `visit['worry_left']` above what it was (the image stays "
             "lowered). Set `delivered_coke` to Coca-Cola's delivered value before the pin, after it and after "
             'the visit (a dict with keys `"before"`, `"pin"`, `"visit"`), and `visit_needed` to the least '
             "personnel value the visit had to add for Coca-Cola to deliver as much value as the rival again.",
             'after_pin = {**coke, "image": coke["image"] - pin["image_lost"],\n'
             '             "psychological": coke["psychological"] + pin["worry"]}\n'
             'after_visit = {**after_pin, "personnel": coke["personnel"] + visit["personnel"],\n'
             '               "psychological": coke["psychological"] + visit["worry_left"]}\n'
             "delivered_coke = {moment: delivered_value(**offer).delivered_value\n"
             '                  for moment, offer in (("before", coke), ("pin", after_pin), ("visit", after_visit))}\n'
             'visit_needed = (delivered_value(**rival).delivered_value - delivered_coke["visit"]\n'
             '                + visit["personnel"])',
             'assert set(delivered_coke) == {"before", "pin", "visit"}\n'
             'assert isinstance(visit_needed, numbers.Real)',
             lambda v: {"delivered_coke": Expect.numbers({moment: delivered_value(**offer).delivered_value
                                                          for moment, offer in _moments(v).items()}),
                        "visit_needed": Expect.number(_visit_needed(v))},
             hint="delivered value = total value − total cost at each moment; the visit must close the gap to the "
                  "rival that is left once the worry has gone down (book: The value delivery system)"),
    ),
    written=(
        Written("statistics", 3,
                "The slides give 16 times and 5 times for the cost of a new customer, +15 % and +85 % for five "
                "points of retention, 8–10 and 22 for the people a dissatisfied customer tells. In four or five "
                "sentences, with your `r_for_15`, `uplift_cap` and `reach_85`: which retention figure would you "
                "quote to your CEO, what does each silently assume, and how would you check it for your own firm?",
                "Neither figure is a law: +15 % holds for a firm starting near r_for_15 with a constant margin; "
                "+85 % needs a retention above 90 % and a low discount rate, or is out of reach (uplift_cap), "
                "unless margins grow with the years of the relationship, as in Reichheld and Sasser's service "
                "firms. I would quote neither, but our own uplift from our retention, margin and discount rate, "
                "and check it by following a cohort of customers (retention, margin by year of tenure) or a "
                "retention test against a control group.",
                rubric=(Criterion(1, "uses r_for_15, uplift_cap and reach_85 correctly"),
                        Criterion(1, "names the hidden assumptions (starting retention, constant or growing "
                                     "margin, discount rate)"),
                        Criterion(1, "proposes a check on the firm's own data (cohort, test and control)"))),
        Written("pin", 3,
                "In four or five sentences: why did the president's visit work, in terms of delivered value and "
                "of the lecture's five elements of building loyalty, and was it worth its cost (use your "
                "`response_values` and `visit_needed`)? Who in the value delivery system should pay for such "
                "failures, and what should the brand owner change upstream?",
                "The visit added personnel value and removed most of the psychic cost the pin created, so "
                "Coca-Cola delivered more value than the rival again; it used the relationship elements "
                "(empathy, instilling the idea of a clean, rigorous plant, a positive stimulus). For one "
                "complaint it pays only if the response values say so: a president's time is dear, a letter may "
                "do nearly as well, and its value lies in the word of mouth. The customer blames the brand "
                "whoever caused the failure, so the brand owner must set and audit quality standards at its "
                "bottlers and share the cost of failures with them in the contracts.",
                rubric=(Criterion(1, "explains the visit in delivered-value terms (personnel value up, psychic "
                                     "cost down) with visit_needed"),
                        Criterion(1, "weighs the visit against the letter with the student's response_values"),
                        Criterion(1, "assigns responsibility upstream (standards, audits, contracts with "
                                     "bottlers)"))),
        Written("survey", 3,
                "In three or four sentences: what do `recommend_gap`, `r_recommend` and `r_choose_again` say "
                "about complaint handling and loyalty, and why can they not prove that handling complaints well "
                "*makes* customers loyal? What data would?",
                "Customers who rate complaint handling well are far more willing to recommend and to choose the "
                "provider again (correlations of about 0.45 with recommending, 0.25 with choosing again). But "
                "CUSCO mixes real complaints with guesses by "
                "customers who never complained, and happy customers judge everything kindly (halo), so the "
                "direction is open. Proof needs the behaviour of complainers whose complaints were handled "
                "differently, ideally at random (a test of recovery procedures), with their later purchases.",
                rubric=(Criterion(1, "reads the three numbers correctly with the student's values"),
                        Criterion(1, "names why it is not causal (CUSCO mixes two questions, halo, reverse "
                                     "direction)"),
                        Criterion(1, "names data that would show it (complainers' later behaviour, a test)"))),
    ),
)
