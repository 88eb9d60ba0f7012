"""Structure analytics: specialisation (RCA), relatedness, economic complexity and input-output.

Pure functions over plain frames: region × industry matrices in, frames and dataclasses out.
Warnings and assumptions are message codes with values (``structure.*`` in the catalogue),
rendered by the faces; nothing here prints or words a sentence.
"""
