export * from '../../accord-entry/core';
