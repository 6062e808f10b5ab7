"""The acceptance and funding models now belong to the funding app (its 0001 renames the
tables); here they only leave the projects app's migration state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0001_move_from_projects'),
        ('projects', '0003_add_acceptance_applied_idx'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='disbursement',
                    name='batch',
                ),
                migrations.RemoveField(
                    model_name='disbursement',
                    name='subsidy',
                ),
                migrations.RemoveField(
                    model_name='disbursementbatch',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='disbursementbatch',
                    name='program',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='project',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='resolved_by',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='followup_assessment',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='project',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='subsidy',
                    name='computed_by',
                ),
                migrations.RemoveField(
                    model_name='subsidy',
                    name='project',
                ),
                migrations.DeleteModel(
                    name='Acceptance',
                ),
                migrations.DeleteModel(
                    name='Disbursement',
                ),
                migrations.DeleteModel(
                    name='DisbursementBatch',
                ),
                migrations.DeleteModel(
                    name='Flag',
                ),
                migrations.DeleteModel(
                    name='FollowUp',
                ),
                migrations.DeleteModel(
                    name='Subsidy',
                ),

            ],
            database_operations=[],
        ),
    ]
