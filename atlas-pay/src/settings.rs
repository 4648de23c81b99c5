//! Per-operation settings the client carries without knowing them: each
//! operation module stores its own policy (by type) through its builder
//! method and reads it back, so the client core names no operation.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

/// Values keyed by their type; at most one per type.
#[derive(Clone, Default)]
pub(crate) struct Settings {
    values: HashMap<TypeId, Arc<dyn Any + Send + Sync>>,
}

impl Settings {
    /// Stores `value`, replacing any earlier value of its type.
    pub(crate) fn insert<T: Send + Sync + 'static>(&mut self, value: T) {
        self.values.insert(TypeId::of::<T>(), Arc::new(value));
    }

    /// The value of type `T`, if one was stored.
    pub(crate) fn get<T: 'static>(&self) -> Option<&T> {
        self.values.get(&TypeId::of::<T>())?.downcast_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_type_and_the_last_one_wins() {
        let mut settings = Settings::default();
        assert_eq!(settings.get::<u32>(), None);
        settings.insert(1_u32);
        settings.insert(2_u32);
        settings.insert("text");
        assert_eq!(settings.get::<u32>(), Some(&2));
        assert_eq!(settings.get::<&str>(), Some(&"text"));
        assert_eq!(settings.get::<u64>(), None);
    }
}
