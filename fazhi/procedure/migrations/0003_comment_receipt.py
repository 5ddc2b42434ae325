"""Every comment gets a receipt code (受理编号): the commenter's key to its screening and answer on the
portal. Comments made before this migration get one too."""

from django.db import migrations, models

from fazhi.core.codes import new_public_code


def give_receipts(apps, schema_editor):
    Comment = apps.get_model("procedure", "Comment")
    for comment in Comment.objects.filter(receipt__isnull=True).only("pk").iterator():
        Comment.objects.filter(pk=comment.pk).update(receipt=new_public_code())


class Migration(migrations.Migration):

    dependencies = [
        ("procedure", "0002_review_binds_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="receipt",
            field=models.CharField(blank=True, editable=False, max_length=12, null=True, unique=True,
                                   verbose_name="受理编号"),
        ),
        migrations.RunPython(give_receipts, migrations.RunPython.noop),
    ]
