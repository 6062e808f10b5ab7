"""Acceptance, subsidy, disbursement, flags and follow-up move from the projects app to funding.

The rows stay where they are: the models are created in funding's migration state on the
existing tables (projects_acceptance, ...), which are then renamed to funding_*; content types
follow, so permissions and generic references keep pointing at the same rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ["acceptance", "subsidy", "disbursementbatch", "disbursement", "flag", "followup"]


def _relabel(apps, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "projects", "funding")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "funding", "projects")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessment', '0001_add_assessments'),
        ('programs', '0002_add_target_metric'),
        ('projects', '0003_add_acceptance_applied_idx'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DisbursementBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='批次名称')),
                        ('stage', models.CharField(max_length=30, verbose_name='拨付阶段')),
                        ('status', models.CharField(choices=[('draft', '编制中'), ('approved', '已审批'), ('paid', '已拨付')], default='draft', max_length=12, verbose_name='状态')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='创建时间')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                        ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='拨付时间')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disbursement_batches', to='programs.program')),
                    ],
                    options={
                        'db_table': 'projects_disbursementbatch',
                        'verbose_name': '拨付批次',
                        'verbose_name_plural': '拨付批次',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='FollowUp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='跟踪年度')),
                        ('revenue_before', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='改造前营业收入（万元）')),
                        ('revenue_after', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='跟踪年度营业收入（万元）')),
                        ('land_mu', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='用地面积（亩）')),
                        ('tax_before', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='改造前税收（万元）')),
                        ('tax_after', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='跟踪年度税收（万元）')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='记录时间')),
                        ('followup_assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessment.assessment', verbose_name='跟踪评测（T2）')),
                        ('project', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='follow_up', to='projects.transformationproject')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'projects_followup',
                        'verbose_name': '成效跟踪',
                        'verbose_name_plural': '成效跟踪',
                    },
                ),
                migrations.CreateModel(
                    name='Subsidy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('completion_year', models.PositiveSmallIntegerField(verbose_name='完成年度')),
                        ('level', models.PositiveSmallIntegerField(verbose_name='评定等级')),
                        ('eligible_investment', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='可计入投入（元）')),
                        ('ratio', models.DecimalField(decimal_places=3, max_digits=4, verbose_name='奖补比例')),
                        ('cap', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='上限（元）')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='奖补金额（元）')),
                        ('explanation', models.JSONField(default=list, verbose_name='核算说明')),
                        ('status', models.CharField(choices=[('computed', '已核算'), ('approved', '已核定'), ('paid', '已拨付')], default='computed', max_length=12, verbose_name='状态')),
                        ('computed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='核算时间')),
                        ('computed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('project', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='subsidy', to='projects.transformationproject')),
                    ],
                    options={
                        'db_table': 'projects_subsidy',
                        'verbose_name': '奖补',
                        'verbose_name_plural': '奖补',
                    },
                ),
                migrations.CreateModel(
                    name='Disbursement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('stage', models.CharField(max_length=30, verbose_name='拨付阶段')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='金额（元）')),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disbursements', to='funding.disbursementbatch')),
                        ('subsidy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disbursements', to='funding.subsidy')),
                    ],
                    options={
                        'db_table': 'projects_disbursement',
                        'verbose_name': '拨付',
                        'verbose_name_plural': '拨付',
                    },
                ),
                migrations.CreateModel(
                    name='Acceptance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('round', models.PositiveSmallIntegerField(default=1, verbose_name='轮次')),
                        ('status', models.CharField(choices=[('applied', '已申请'), ('district_checked', '县区初验通过'), ('expert_reviewed', '专家已评审'), ('accepted', '验收通过'), ('refused', '验收不通过'), ('returned', '退回补正')], default='applied', max_length=20, verbose_name='状态')),
                        ('applied_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='申请时间')),
                        ('district_checked_at', models.DateTimeField(blank=True, null=True, verbose_name='初验时间')),
                        ('district_opinion', models.TextField(blank=True, verbose_name='初验意见')),
                        ('expert_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='专家评分')),
                        ('expert_opinion', models.TextField(blank=True, verbose_name='专家意见')),
                        ('expert_reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='评审时间')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='决定时间')),
                        ('decision_reasons', models.JSONField(blank=True, default=list, verbose_name='决定理由')),
                        ('applied_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('district_checked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('expert', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='acceptance_reviews', to=settings.AUTH_USER_MODEL)),
                        ('post_assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessment.assessment')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='acceptances', to='projects.transformationproject')),
                    ],
                    options={
                        'db_table': 'projects_acceptance',
                        'verbose_name': '验收',
                        'verbose_name_plural': '验收',
                        'ordering': ['-applied_at'],
                        'indexes': [models.Index(fields=['status', 'applied_at'], name='acceptance_queue_idx'), models.Index(fields=['applied_at', 'id'], name='acceptance_applied_idx')],
                        'constraints': [models.UniqueConstraint(fields=('project', 'round'), name='acceptance_unique_round')],
                    },
                ),
                migrations.CreateModel(
                    name='Flag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('shared_evidence', '同一文件出现在多家企业档案'), ('invoice_over_contract', '发票金额超过合同金额'), ('price_over_catalogue', '价格高于目录价'), ('shared_contact', '企业与服务商联系方式或账户相同'), ('level_jump', '评测等级跃升与投入不相称'), ('dates_out_of_order', '日期先后顺序异常')], max_length=30, verbose_name='类型')),
                        ('message', models.CharField(max_length=300, verbose_name='说明')),
                        ('details', models.JSONField(blank=True, default=dict, verbose_name='详情')),
                        ('fingerprint', models.CharField(max_length=64, unique=True)),
                        ('status', models.CharField(choices=[('open', '待核查'), ('resolved', '已处理')], default='open', max_length=10, verbose_name='状态')),
                        ('raised_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='发现时间')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='处理时间')),
                        ('resolution', models.TextField(blank=True, verbose_name='处理说明')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='flags', to='projects.transformationproject')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'projects_flag',
                        'verbose_name': '风险提示',
                        'verbose_name_plural': '风险提示',
                        'ordering': ['status', '-raised_at'],
                        'indexes': [models.Index(fields=['status', 'kind'], name='flag_status_idx')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='subsidy',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='subsidy_amount_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='disbursement',
                    constraint=models.UniqueConstraint(fields=('subsidy', 'stage'), name='disbursement_once_per_stage'),
                ),
                migrations.AddConstraint(
                    model_name='disbursement',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='disbursement_amount_positive'),
                ),

            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='disbursementbatch', table=None),
        migrations.AlterModelTable(name='followup', table=None),
        migrations.AlterModelTable(name='subsidy', table=None),
        migrations.AlterModelTable(name='disbursement', table=None),
        migrations.AlterModelTable(name='acceptance', table=None),
        migrations.AlterModelTable(name='flag', table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
