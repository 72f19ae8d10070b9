import re

from django import forms
from django.template.loader import render_to_string


class ChoiceForm(forms.Form):
    name = forms.CharField(label="Your name")
    status = forms.ChoiceField(
        label="Status", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree")


def test_every_error_links_to_a_control_on_the_page():
    form = ChoiceForm(data={})
    summary = render_to_string("engagement/includes/error_summary.html", {"form": form})
    page = summary + str(form)
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert len(targets) == 3
    for target in targets:
        assert f'id="{target}"' in page, f"#{target} points at nothing"
