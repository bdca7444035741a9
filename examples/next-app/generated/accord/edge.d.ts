export * from '../../accord-entry/edge';
