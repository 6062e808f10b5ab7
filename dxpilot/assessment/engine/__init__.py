"""The assessment engine: pure Python, no Django, no database.

Indicator sets are data files (``indicator_sets/<edition>.json``); level rules and the constraint
scene set are configuration with per-call overrides. Typical use::

    from dxpilot.assessment.engine import score_json, SheetError

    try:
        result = score_json(text)
    except SheetError as exc:
        errors = exc.to_list()          # [{"field", "code", "message"}, ...], every problem
    else:
        payload = result.to_dict()      # the score-result contract (see scoring.py)
"""

from __future__ import annotations

from .gaps import Gap as Gap
from .gaps import QuestionGap as QuestionGap
from .gaps import SceneGap as SceneGap
from .gaps import apply_gaps as apply_gaps
from .gaps import gap_to as gap_to
from .indicator_set import Dimension as Dimension
from .indicator_set import IndicatorSet as IndicatorSet
from .indicator_set import IndicatorSetError as IndicatorSetError
from .indicator_set import Option as Option
from .indicator_set import Question as Question
from .indicator_set import Scene as Scene
from .indicator_set import SceneGroup as SceneGroup
from .indicator_set import SubDimension as SubDimension
from .indicator_set import UnknownEditionError as UnknownEditionError
from .indicator_set import installed_editions as installed_editions
from .indicator_set import load_indicator_set as load_indicator_set
from .indicator_set import load_indicator_set_file as load_indicator_set_file
from .indicator_set import parse_indicator_set as parse_indicator_set
from .levels import RuleCheck as RuleCheck
from .levels import check_rules as check_rules
from .levels import level_name as level_name
from .rules import LevelRule as LevelRule
from .rules import LevelRules as LevelRules
from .rules import RulesError as RulesError
from .scoring import ScoreResult as ScoreResult
from .scoring import score_json as score_json
from .scoring import score_sheet as score_sheet
from .sheet import AnswerSheet as AnswerSheet
from .sheet import SheetError as SheetError
from .sheet import SheetIssue as SheetIssue
from .sheet import parse_sheet as parse_sheet
