"""Long dropdowns are built directly: escaped, with the chosen option marked."""

def test_fast_select_escapes_and_marks_the_choice(db):
    from django import forms

    from fazhi.core.templatetags.fazhi_tags import fz_widget

    class F(forms.Form):
        x = forms.ChoiceField(choices=[(str(i), f"<b>单位{i}</b>") for i in range(40)])

    html = str(fz_widget(F({"x": "7"})["x"]))
    assert '<option value="7" selected>&lt;b&gt;单位7&lt;/b&gt;</option>' in html and html.startswith('<select name="x"')
