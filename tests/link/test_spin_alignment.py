from generator.link.spin_alignment import alignment_signal

ORIGINAL = (
    "President Joe Smith said on Monday that the talks in Geneva would begin next week.\n"
    "The meeting came after months of pressure from European leaders, officials said.\n"
    "Smith said he was very happy with the progress made so far in the negotiations.\n"
    "About 300 people have been killed in the fighting since March, the United Nations said.\n"
    "Officials said the new plan would cost nearly 4 billion dollars over five years.\n"
)
SPUN = (
    "President Joe Smith stated on Monday that the talks in Geneva would commence next week.\n"
    "The assembly arrived after months of pressure from European leaders, officials remarked.\n"
    "Smith stated he was extremely happy with the progress made so far in the negotiations.\n"
    "Approximately 300 people have been killed in the fighting since March, the United Nations "
    "stated.\n"
    "Officials stated the new plan would cost practically 4 billion dollars over five years.\n"
)
PARAPHRASE = (
    "Geneva will host talks next week, according to President Joe Smith.\n"
    "European leaders had pushed for months for a meeting of the two sides.\n"
    "The United Nations counts some 300 deaths since the fighting started in March.\n"
    "A five-year plan worth close to 4 billion dollars is on the table.\n"
    "Smith told reporters he was pleased with how the negotiations had gone.\n"
)
UNRELATED = (
    "The football club confirmed on Tuesday that its manager had signed a new contract.\n"
    "Supporters gathered outside the stadium to celebrate the news with songs.\n"
    "The chairman said the club would invest in young players this season.\n"
    "Ticket prices will stay the same for the next two years, the club said.\n"
)


def test_spun_copy_of_a_known_source_is_flagged():
    reason = alignment_signal(SPUN, [UNRELATED, ORIGINAL])
    assert reason is not None
    assert reason.signal == "alignment"
    assert "very->extremely" in reason.detail


def test_the_source_itself_is_not_flagged_against_its_spun_copy():
    assert alignment_signal(ORIGINAL, [SPUN]) is None


def test_verbatim_copy_is_not_spin():
    assert alignment_signal(ORIGINAL, [ORIGINAL]) is None


def test_paraphrase_and_unrelated_are_not_flagged():
    assert alignment_signal(PARAPHRASE, [ORIGINAL]) is None
    assert alignment_signal(ORIGINAL, [UNRELATED]) is None
    assert alignment_signal(SPUN, []) is None
