"""Assignment "value": customer delivered value (V1) and customer value (V3)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Part, Written
from crmlab.value import chosen_offer, customer_value, delivered_value

# Two hotels a business traveller compares, in yuan-equivalent points (made-up teaching figures).
HOTEL_A = dict(product=300, service=120, personnel=60, image=40, monetary=380, time=40, energy=20, psychological=10)
HOTEL_B = dict(product=280, service=160, personnel=90, image=50, monetary=420, time=30, energy=20, psychological=20)
A, B = delivered_value(**HOTEL_A), delivered_value(**HOTEL_B)


def _dict_call(components: dict, indent: int) -> str:
    """``dict(...)`` source with the four values on one line and the four costs on the next."""
    pairs = [f"{name}={amount}" for name, amount in components.items()]
    return f"dict({', '.join(pairs[:4])},  # value\n{' ' * indent}{', '.join(pairs[4:])})  # cost"

ASSIGNMENT = Assignment(
    name="value",
    title="Exercise 1: Customer delivered value (顾客让渡价值)",
    covers=("V1", "V3"),
    intro="""
A business traveller chooses between two hotels. Kotler's customer delivered value is total customer
value (product, service, personnel and image value) minus total customer cost (monetary, time, energy
and psychic cost); the customer buys where it is highest. You may use `crmlab.value` or work by hand.
""",
    setup=f"""
import numbers
from crmlab.value import delivered_value, chosen_offer, customer_value

hotel_a = {_dict_call(HOTEL_A, 15)}
hotel_b = {_dict_call(HOTEL_B, 15)}
""",
    parts=(
        Part("total-value-a", 1,
             "Set `total_value_a` to hotel A's **total customer value** (product + service + personnel + image).",
             "total_value_a = hotel_a['product'] + hotel_a['service'] + hotel_a['personnel'] + hotel_a['image']",
             'assert isinstance(total_value_a, numbers.Real), "total_value_a should be a number"',
             {"total_value_a": Expect.number(A.total_value)}),
        Part("total-cost-a", 1,
             "Set `total_cost_a` to hotel A's **total customer cost** (monetary + time + energy + psychological).",
             "total_cost_a = delivered_value(**hotel_a).total_cost",
             'assert isinstance(total_cost_a, numbers.Real), "total_cost_a should be a number"\n'
             'assert total_cost_a > 0, "costs are positive here"',
             {"total_cost_a": Expect.number(A.total_cost)}),
        Part("delivered", 2,
             "Set `delivered_a` and `delivered_b` to the **customer delivered value** of each hotel.",
             "delivered_a = delivered_value(**hotel_a).delivered_value\n"
             "delivered_b = delivered_value(**hotel_b).delivered_value",
             "for answer in (delivered_a, delivered_b):\n"
             '    assert isinstance(answer, numbers.Real), "delivered values should be numbers"',
             {"delivered_a": Expect.number(A.delivered_value), "delivered_b": Expect.number(B.delivered_value)}),
        Part("ratio-b", 1,
             "Set `ratio_b` to hotel B's **value ratio**, total value / total cost (Kotler's ratio form).",
             "ratio_b = delivered_value(**hotel_b).value_ratio",
             'assert isinstance(ratio_b, numbers.Real), "ratio_b should be a number"\n'
             'assert 0 < ratio_b < 10, "a ratio of value to cost; check you divided the right way round"',
             {"ratio_b": Expect.number(B.value_ratio, tol=0.001)}),
        Part("choice", 1,
             'Which hotel does a value-maximising traveller choose? Set `choice` to `"A"` or `"B"`.',
             'choice = chosen_offer({"A": delivered_value(**hotel_a), "B": delivered_value(**hotel_b)})',
             'assert choice in ("A", "B"), \'choice should be "A" or "B"\'',
             {"choice": Expect.text(chosen_offer({"A": A, "B": B}))}),
        Part("customer-value", 2,
             "Hotel A adds free airport pick-up: the traveller values it at 50 and it saves 30 of time cost. "
             "In the traveller's eyes, customer value = perceived benefits − perceived costs. Set "
             "`new_customer_value_a` to hotel A's customer value with the pick-up (benefits are its total value "
             "plus 50; costs its total cost minus 30).",
             "a = delivered_value(**hotel_a)\n"
             "new_customer_value_a = customer_value(benefits=a.total_value + 50, costs=a.total_cost - 30)",
             'assert isinstance(new_customer_value_a, numbers.Real), "new_customer_value_a should be a number"',
             {"new_customer_value_a": Expect.number(customer_value(A.total_value + 50, A.total_cost - 30))}),
    ),
    written=(
        Written("memo", 3,
                "In three or four sentences for hotel B's manager: why does the traveller choose the hotel you "
                "found, and which **costs** (not only the price) could the other hotel cut to win them back?",
                "B's extra service and personnel value outweigh its higher price; A should not only cut the room "
                "rate but lower time and energy costs (fast check-in, pick-up) and psychic cost (reliability)."),
    ),
)
