//! Re-verify after a change: the snapshot last read for each frame is kept,
//! and a change of control states only (a box ticked, an option chosen, a
//! secret typed) is applied to it by handle. The page then sends the few
//! states that changed instead of the whole page, and the engine skips
//! reading the JSON and the page's labels, sections and columns again:
//! states are no input of `reading` (a secret named by its label is the one
//! exception, applied here as `reading` applies it). A change of the page's
//! structure (a text, a control more or less, a control's place, its
//! options, whether it is hidden or disabled) is no change of states: the
//! page sends the whole snapshot for it (docs/messages.md).

use crate::form::{ControlKind, Snapshot};
use crate::json::{self, Obj};

/// The frames kept at most; the oldest is forgotten first. A frame whose
/// snapshot is gone gets `Apply::NoBase`, and its page sends the whole one.
pub const MAX_FRAMES: usize = 16;

/// The changed states of a frame's controls since the snapshot `base`.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    /// The `seq` of the snapshot (whole or changed) these changes follow.
    pub base: u32,
    /// This snapshot's own `seq`, which its report answers.
    pub seq: u32,
    pub controls: Vec<Change>,
}

/// One control's new states: a field present in the JSON is its state now
/// (`null`: unreadable now); an absent one is as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub handle: u32,
    pub checked: Option<Option<bool>>,
    pub value: Option<Option<String>>,
    pub filled: Option<Option<bool>>,
}

impl Changes {
    /// Reads `{base, seq, controls: [{handle, checked?, value?, filled?}]}`;
    /// anything malformed is refused whole, with its field.
    pub fn from_json(text: &str) -> json::Result<Changes> {
        let value = json::parse(text)?;
        let o = Obj::root(&value)?;
        o.only(&["base", "seq", "controls"])?;
        let controls = o
            .objs("controls")?
            .iter()
            .map(|c| {
                c.only(&["handle", "checked", "value", "filled"])?;
                Ok(Change {
                    handle: c.u32("handle")?,
                    checked: c
                        .has("checked")
                        .then(|| c.opt_bool("checked"))
                        .transpose()?,
                    value: c.has("value").then(|| c.opt_str("value")).transpose()?,
                    filled: c.has("filled").then(|| c.opt_bool("filled")).transpose()?,
                })
            })
            .collect::<json::Result<Vec<_>>>()?;
        Ok(Changes {
            base: o.u32("base")?,
            seq: o.u32("seq")?,
            controls,
        })
    }
}

/// The last snapshot read for each frame (a key the caller makes: the
/// worker's tab, frame and the page's own token), most recent last.
#[derive(Default)]
pub struct Kept {
    frames: Vec<(String, Snapshot)>,
}

impl Kept {
    /// None kept (const: the engine keeps one in a `static`).
    pub const fn new() -> Kept {
        Kept { frames: Vec::new() }
    }

    /// Keeps `snap` as `frame`'s last snapshot.
    pub fn keep(&mut self, frame: &str, snap: Snapshot) {
        self.frames.retain(|(key, _)| key != frame);
        if self.frames.len() >= MAX_FRAMES {
            self.frames.remove(0);
        }
        self.frames.push((frame.to_string(), snap));
    }

    /// `frame`'s kept snapshot with `changes` applied (kept so for the next
    /// changes), or `None` when there is none to apply them to: no snapshot
    /// kept for the frame (a worker started since, or forgotten), another
    /// `base` than the kept one's `seq` (a change lost on the way), or a
    /// handle it does not have. The kept snapshot is then forgotten, so the
    /// page's next look is the whole page.
    pub fn apply(&mut self, frame: &str, changes: &Changes) -> Option<&Snapshot> {
        let i = self.frames.iter().position(|(key, _)| key == frame)?;
        let ok = {
            let snap = &self.frames[i].1;
            snap.seq == changes.base
                && changes
                    .controls
                    .iter()
                    .all(|ch| snap.controls.iter().any(|c| c.handle == ch.handle))
        };
        if !ok {
            self.frames.remove(i);
            return None;
        }
        // Most recent last.
        let entry = self.frames.remove(i);
        self.frames.push(entry);
        let snap = &mut self.frames.last_mut()?.1;
        snap.seq = changes.seq;
        for ch in &changes.controls {
            for c in snap.controls.iter_mut().filter(|c| c.handle == ch.handle) {
                if let Some(checked) = ch.checked {
                    c.checked = checked;
                }
                if let Some(filled) = ch.filled {
                    c.filled = filled;
                }
                if let Some(value) = &ch.value {
                    if c.kind == ControlKind::Secret {
                        // A text field the engine reads as a secret by its
                        // label (`reading`): only whether it is filled is kept.
                        c.filled = Some(value.as_deref().is_some_and(|v| !v.is_empty()));
                        c.value = None;
                    } else {
                        c.value = value.clone();
                    }
                }
            }
        }
        Some(snap)
    }

    /// Forgets every frame whose key starts with `prefix` (a tab closed or
    /// gone to another page).
    pub fn forget(&mut self, prefix: &str) {
        self.frames.retain(|(key, _)| !key.starts_with(prefix));
    }

    pub fn len(&self) -> usize {
        self.frames.len()
    }

    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }
}
