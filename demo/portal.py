"""The demo's loaders and the synthetic data's generators, in the order the data needs:
the programme records first (the reference lists, users, projects, money, activities), then
what builds on them. Discovered by the core with every app's portal module (untop.registry).
"""

from __future__ import annotations

from .elections import load_elections_demo
from .humanrights import load_humanrights_demo
from .programs.loader import load_programs_demo
from .programs.narratives import load_letter_narratives
from .registry import register_demo_loader, register_synthetic_generator
from .security import two_factor_note
from .synthetic.elections import generate_elections
from .synthetic.humanrights import generate_humanrights
from .synthetic.programs import generate_programs
from .synthetic.training import generate_training
from .training import load_training_demo

# -- load_demo ------------------------------------------------------------------------------
register_demo_loader("programs", load_programs_demo)
# How the demo's manager and administrator reach the back office.
register_demo_loader("security", two_factor_note)
# The 2005–06 letter's published narrative, the Secretariat's usual wording.
register_demo_loader("letter-narratives", load_letter_narratives)
register_demo_loader("elections", load_elections_demo)
register_demo_loader("training", load_training_demo)
register_demo_loader("humanrights", load_humanrights_demo)

# -- generate_synthetic ---------------------------------------------------------------------
register_synthetic_generator("programs", generate_programs)
register_synthetic_generator("elections", generate_elections)
register_synthetic_generator("training", generate_training)
register_synthetic_generator("humanrights", generate_humanrights)
