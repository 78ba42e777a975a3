export { authModuleDevUsersProvider as default } from './module';
