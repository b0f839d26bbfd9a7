from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_signature_enregistree_le"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="piecejustificative",
            constraint=models.UniqueConstraint(
                fields=("dossier", "type", "enfant"), name="piece_unique_par_enfant"
            ),
        ),
        migrations.AddConstraint(
            model_name="piecejustificative",
            constraint=models.UniqueConstraint(
                condition=models.Q(("enfant__isnull", True)),
                fields=("dossier", "type"),
                name="piece_unique_par_foyer",
            ),
        ),
    ]
